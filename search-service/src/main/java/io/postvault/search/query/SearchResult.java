package io.postvault.search.query;

import java.time.Instant;
import java.util.List;

/** One page of hits, the total number of hits, and the cursor of the next page (null on the last). */
public record SearchResult(List<Hit> items, long total, String nextCursor) {

    /**
     * One message found. {@code link} says how to open it: a live message by its folder and UID, an archived one by
     * its archive entry id. {@code seen} and {@code flagged} are a live message's flags; null for an archived one.
     */
    public record Hit(String address, String domain, String status, String direction, String folder, Instant date,
                      long size, String from, String to, String cc, String subject, String messageId,
                      boolean hasAttachments, List<String> attachments, Boolean seen, Boolean flagged,
                      List<String> snippets, Float score, Link link) {
    }

    /** {@code kind} = {@code live} (address, folder, uidValidity, uid) or {@code archive} (archiveId). */
    public record Link(String kind, String address, String folder, Long uidValidity, Long uid, String archiveId) {
    }
}
