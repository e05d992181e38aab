/** The cases of upstream network_policy.go against the engine (see network-policy-scenarios.test.helper.ts). */
import { describe, test } from 'node:test';
import { runScenario } from './harness.test.helper.js';
import { endPortCases, sctpCases, tcpCases, udpCases } from './network-policy-scenarios.test.helper.js';

describe('upstream e2e: NetworkPolicy between server and client', () => {
  for (const c of tcpCases) test(`upstream: ${c.name}`, () => runScenario(c));
});

describe('upstream e2e: NetworkPolicy between server and client using UDP', () => {
  for (const c of udpCases) test(`upstream (UDP): ${c.name}`, () => runScenario(c));
});

describe('upstream e2e: NetworkPolicy between server and client using SCTP', () => {
  for (const c of sctpCases) test(`upstream (SCTP): ${c.name}`, () => runScenario(c));
});

describe('upstream style, not upstream: port ranges', () => {
  for (const c of endPortCases) test(`palisade: ${c.name}`, () => runScenario(c));
});
