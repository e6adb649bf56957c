package io.postvault.protocol.pop3;

import io.postvault.protocol.store.Pop3Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A session's view of its maildrop: message numbers from 1, and the messages marked as deleted (RFC 1939). */
public final class MaildropView {

    private final List<Pop3Message> messages;
    private final boolean[] deleted;

    public MaildropView(List<Pop3Message> messages) {
        this.messages = List.copyOf(messages);
        this.deleted = new boolean[messages.size()];
    }

    /** Messages not marked as deleted. */
    public int count() {
        int count = 0;
        for (boolean d : deleted) {
            count += d ? 0 : 1;
        }
        return count;
    }

    /** Octets of the messages not marked as deleted. */
    public long size() {
        long size = 0;
        for (int i = 0; i < messages.size(); i++) {
            size += deleted[i] ? 0 : messages.get(i).size();
        }
        return size;
    }

    /** The highest message number (deleted ones included). */
    public int last() {
        return messages.size();
    }

    /** Message number {@code n}, unless it does not exist or is marked as deleted. */
    public Optional<Pop3Message> get(int n) {
        return n < 1 || n > messages.size() || deleted[n - 1] ? Optional.empty() : Optional.of(messages.get(n - 1));
    }

    /** Marks message {@code n} as deleted; false when it does not exist or already is. */
    public boolean delete(int n) {
        if (get(n).isEmpty()) {
            return false;
        }
        deleted[n - 1] = true;
        return true;
    }

    /** Unmarks every message (RSET). */
    public void reset() {
        java.util.Arrays.fill(deleted, false);
    }

    /** The messages marked as deleted, in order. */
    public List<Pop3Message> marked() {
        List<Pop3Message> marked = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (deleted[i]) {
                marked.add(messages.get(i));
            }
        }
        return marked;
    }
}
