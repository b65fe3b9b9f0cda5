/**
 * Who may register as a node: everyone who knows the deployment's enrollment secret, or (with
 * {@code peerbook.registry.enrollment=per-node}) only the node an administrator issued a credential
 * for, under exactly that node id.
 */
package org.peerbook.enrollment;
