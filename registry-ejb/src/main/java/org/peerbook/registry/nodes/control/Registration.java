package org.peerbook.registry.nodes.control;

import org.peerbook.protocol.SignedHead;

/**
 * What a node sends to register, as received (the resource manager validates it; its enrollment
 * credential was checked before).
 *
 * @param syncAddress absolute http or https URL with host and port
 * @param networkAddress an IPv4 or IPv6 literal
 * @param version the version the node says it holds
 * @param head the data server's signed head of {@code version}, the proof of the claim; {@code
 *     null} without one (the claim then counts at most at what the node proved before)
 * @param provenNodeId the node a valid token sent along names, {@code null} without one: only this
 *     proves that a registration of a live id comes from that node itself
 */
public record Registration(
    String nodeId,
    String syncAddress,
    String networkAddress,
    long version,
    SignedHead head,
    String provenNodeId) {}
