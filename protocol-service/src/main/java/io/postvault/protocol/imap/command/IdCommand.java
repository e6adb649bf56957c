package io.postvault.protocol.imap.command;

import io.postvault.protocol.imap.codec.ImapReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** ID ("name" "value" ...) or ID NIL (RFC 2971); the client's fields (values may be null). */
public record IdCommand(Map<String, String> fields) {

    public static IdCommand parse(ImapReader in) {
        in.sp();
        Map<String, String> fields = new LinkedHashMap<>();
        if (in.accept('(')) {
            while (!in.accept(')')) {
                in.accept(' ');
                String key = in.nstring();
                in.sp();
                fields.put(String.valueOf(key), in.nstring());
            }
        } else {
            in.nstring();
        }
        in.end();
        return new IdCommand(fields);
    }
}
