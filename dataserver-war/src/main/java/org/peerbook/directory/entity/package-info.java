/**
 * What directory sources are made of: a source's settings, the flavours with their default
 * mappings, the contact fields an attribute can be mapped to, and the report of a run.
 */
package org.peerbook.directory.entity;
