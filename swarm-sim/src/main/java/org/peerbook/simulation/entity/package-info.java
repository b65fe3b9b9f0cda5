/**
 * What a simulation run is made of: its {@link org.peerbook.simulation.entity.SimulationSettings},
 * the mutable state of each {@link org.peerbook.simulation.entity.SimulatedNode}, and the figures
 * of a finished run, {@link org.peerbook.simulation.entity.SimulationResult}.
 */
package org.peerbook.simulation.entity;
