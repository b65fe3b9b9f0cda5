/**
 * The resource manager's table of resource nodes: the data server itself and, later, every agent
 * that registers. The {@code @Singleton} {@link
 * org.peerbook.registry.nodes.boundary.ResourceManager} is its one owner.
 */
package org.peerbook.registry.nodes;
