/**
 * The upstream AdminNetworkPolicy and BaselineAdminNetworkPolicy conformance
 * suite (kubernetes-sigs/network-policy-api conformance/tests at v0.1.8,
 * v1alpha1) against the engine, as runOnEngine (upstream-case.test.helper.ts)
 * plays a suite.
 */
import { ANP_SUITE } from './admin-network-policy-suite.test.helper.js';
import { runOnEngine } from './upstream-case.test.helper.js';

/** What this runner meets of the subtests' needs: the engine reads Node objects and evaluates `nodes` peers. */
runOnEngine(ANP_SUITE, new Set(['nodes']));
