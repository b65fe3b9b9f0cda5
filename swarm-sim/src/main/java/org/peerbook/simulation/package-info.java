/**
 * The swarm simulation (issue 6, "Simulation"): 10,000 to 1,000,000 simulated agents learn of one
 * new version and spread it, on a simulated clock, while the resource manager's own {@code
 * Registry} from {@code registry-ejb} (the EJB is a thin boundary around it) decides who syncs from
 * whom. No sockets, no container: {@link org.peerbook.simulation.control} holds the event loop, the
 * agents' behaviour and the link model; {@link org.peerbook.simulation.entity} the settings, node
 * state and results; {@link org.peerbook.simulation.boundary} the command line and the report.
 */
package org.peerbook.simulation;
