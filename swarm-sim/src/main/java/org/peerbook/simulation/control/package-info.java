/**
 * The simulation's logic, no I/O: the {@link org.peerbook.simulation.control.EventQueue} (the
 * simulated clock), the {@link org.peerbook.simulation.control.Topology} of sites and subnets, the
 * {@link org.peerbook.simulation.control.LinkModel}, the {@link
 * org.peerbook.simulation.control.SimulatedRegistry} that answers source requests with the real
 * allocation code over a bounded {@link org.peerbook.simulation.control.CandidateSampler candidate
 * set}, and the {@link org.peerbook.simulation.control.SwarmSimulation} that plays every agent's
 * loop.
 */
package org.peerbook.simulation.control;
