package org.peerbook.registry.nodes.control;

/**
 * What a node sends to register, as received (the resource manager validates it).
 *
 * @param syncAddress absolute http or https URL with host and port
 * @param networkAddress an IPv4 or IPv6 literal
 */
public record Registration(
    String nodeId, String syncAddress, String networkAddress, long version, String credential) {}
