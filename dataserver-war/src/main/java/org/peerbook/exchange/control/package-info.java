/**
 * Contact files and external keys, without I/O of their own: RFC 4180 CSV (Commons CSV) and vCard
 * 3.0/4.0 (ez-vcard) read into wire contacts held to the JSON API's rules, every bad row or card
 * listed; writers that stream one contact at a time; and the mapping of a pushing system's key to a
 * stable contact id.
 */
package org.peerbook.exchange.control;
