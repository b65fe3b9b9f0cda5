package org.peerbook.registry.allocation.control;

import java.net.InetAddress;

/** The node asking for sources, as the strategies see it. */
public record Requester(String nodeId, InetAddress networkAddress, long version) {}
