/**
 * The way in: {@link org.peerbook.simulation.boundary.SwarmSimulationMain} parses the command line
 * and runs every (N, chain) pair; {@link org.peerbook.simulation.boundary.SimulationReport} prints
 * the table and writes the Markdown report.
 */
package org.peerbook.simulation.boundary;
