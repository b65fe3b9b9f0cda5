/**
 * The change feed for systems that follow the book (a CRM, a mail gateway, a search index): pages
 * of the change log after a version, like CouchDB's {@code _changes}, and long polls that wait,
 * holding no thread, until a commit moves the head. A position the compacted log no longer covers
 * is refused, never skipped over.
 */
package org.peerbook.feed.control;
