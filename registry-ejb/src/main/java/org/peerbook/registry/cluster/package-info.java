/**
 * What a cluster of servers shares through Payara's data grid: the grid itself ({@link
 * org.peerbook.registry.cluster.DataGrid}); the node table on it is {@link
 * org.peerbook.registry.nodes.control.GridNodeTable}.
 */
package org.peerbook.registry.cluster;
