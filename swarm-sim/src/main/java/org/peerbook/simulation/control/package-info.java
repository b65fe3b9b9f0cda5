/**
 * The simulation's logic, no I/O: the {@link org.peerbook.simulation.control.EventQueue} (the
 * simulated clock, also the registry's), the {@link org.peerbook.simulation.control.Topology} of
 * sites and subnets, the {@link org.peerbook.simulation.control.LinkModel}, and the {@link
 * org.peerbook.simulation.control.SwarmSimulation} that plays every agent's loop against the
 * resource manager's own {@code Registry}.
 */
package org.peerbook.simulation.control;
