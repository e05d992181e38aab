/**
 * The upstream ClusterNetworkPolicy conformance suite
 * (kubernetes-sigs/network-policy-api conformance/tests, v1alpha2) against
 * the engine, as runOnEngine (upstream-case.test.helper.ts) plays a suite.
 */
import { CNP_SUITE } from './cluster-network-policy-suite.test.helper.js';
import { runOnEngine } from './upstream-case.test.helper.js';

/** What this runner meets of the subtests' needs: the engine reads Node objects and evaluates `nodes` peers. */
runOnEngine(CNP_SUITE, new Set(['nodes']));
