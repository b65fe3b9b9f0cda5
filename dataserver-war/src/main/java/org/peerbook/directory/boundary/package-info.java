/**
 * Directory sources, the ways in and out: the configured sources with their schedules and run state
 * ({@link org.peerbook.directory.boundary.DirectorySources}), the administrators' API under {@code
 * /api/directory/sources}, the LDAP client that reads a directory page by page, and the book as a
 * run sees it.
 */
package org.peerbook.directory.boundary;
