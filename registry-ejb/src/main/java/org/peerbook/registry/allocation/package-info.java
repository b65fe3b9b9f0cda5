/**
 * Who syncs from whom (patent claim 6). Each {@link
 * org.peerbook.registry.allocation.control.AllocationStrategy} orders candidate nodes by one
 * criterion; a chain of them ({@code network,least-loaded,random}) orders by the first, breaks ties
 * by the next, and so on. Strategies are CDI beans picked by their {@link
 * org.peerbook.registry.allocation.control.Strategy} qualifier, never by a switch over names.
 */
package org.peerbook.registry.allocation;
