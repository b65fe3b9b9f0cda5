/**
 * How a directory becomes part of the book: the settings of each source, checked at start; the
 * mapping of an entry to a contact under an id derived from the directory's own unique id; and a
 * run that compares what the directory holds with what the book holds of that source and records
 * only the differences, all in one transaction.
 */
package org.peerbook.directory.control;
