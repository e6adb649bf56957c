package io.postvault.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeRoundTrips(EventType type) {
        Event event = SampleEvents.of(type);

        Event decoded = EventCodec.decode(EventCodec.encode(event));

        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void writesCloudEventsStructuredJson() throws Exception {
        Event event = SampleEvents.of(EventType.MESSAGE_REMOVED);

        var json = JSON.readTree(EventCodec.encode(event));

        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("id").asText()).isEqualTo(event.id().toString());
        assertThat(json.get("type").asText()).isEqualTo("message.removed");
        assertThat(json.get("source").asText()).isEqualTo("/postvault/test");
        assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(json.get("schemaversion").asInt()).isEqualTo(1);
        assertThat(json.get("domain").asText()).isEqualTo(SampleEvents.DOMAIN);
        assertThat(json.get("account").asText()).isEqualTo(SampleEvents.ACCOUNT);
        assertThat(json.get("time").asText()).isEqualTo(event.time().toString());
        assertThat(json.get("data").get("removedAt").asText()).isEqualTo("2026-11-27T11:15:30Z");
        assertThat(json.get("data").get("summary").get("cc").isNull()).isTrue();
    }

    @Test
    void quotaWarningIsAQuotaDecisionKeyedByDomain() throws Exception {
        Event event = SampleEvents.of(EventType.QUOTA_WARNING);

        var json = JSON.readTree(EventCodec.encode(event));

        assertThat(EventType.fromWireName("quota.warning")).contains(EventType.QUOTA_WARNING);
        assertThat(event.type().topic()).isEqualTo(Topics.QUOTA);
        assertThat(event.key()).isEqualTo(SampleEvents.DOMAIN);
        assertThat(json.get("data").get("thresholdPercent").asInt()).isEqualTo(90);
        assertThat(json.get("data").get("occupiedBytes").asLong()).isEqualTo(9_500_000);
        assertThat(json.get("data").get("address").isNull()).isTrue();
    }

    @Test
    void ignoresUnknownAttributesAndFields() throws Exception {
        Event event = SampleEvents.of(EventType.MESSAGE_DELIVERED);
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(event));
        json.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        ((ObjectNode) json.get("data")).put("addedInSchemaVersion2", 7);
        ((ObjectNode) json.get("data").get("summary")).putArray("labels").add("x");

        assertThat(EventCodec.decode(JSON.writeValueAsBytes(json))).isEqualTo(event);
    }

    @Test
    void flagsChangedNamesTheMessageAndItsFlags() throws Exception {
        Event event = SampleEvents.of(EventType.MESSAGE_FLAGS_CHANGED);

        var json = JSON.readTree(EventCodec.encode(event));

        assertThat(json.get("type").asText()).isEqualTo("message.flags-changed");
        assertThat(event.type().topic()).isEqualTo(Topics.MAIL);
        assertThat(event.key()).isEqualTo(SampleEvents.ACCOUNT);
        assertThat(json.get("data").get("uid").asLong()).isEqualTo(42);
        assertThat(json.get("data").get("flags").get("seen").asBoolean()).isTrue();
        assertThat(json.get("data").get("flags").get("flagged").asBoolean()).isTrue();
        assertThat(json.get("data").get("flags").get("modSeq").asLong()).isEqualTo(9);
    }

    @Test
    void aMoveNamesTheMessageInBothFolders() throws Exception {
        Event event = SampleEvents.of(EventType.MESSAGE_MOVED);

        var json = JSON.readTree(EventCodec.encode(event));

        assertThat(json.get("type").asText()).isEqualTo("message.moved");
        assertThat(event.type().topic()).isEqualTo(Topics.MAIL);
        assertThat(event.key()).isEqualTo(SampleEvents.ACCOUNT);
        assertThat(json.get("data").get("fromFolder").asText()).isEqualTo("INBOX");
        assertThat(json.get("data").get("fromUid").asLong()).isEqualTo(42);
        assertThat(json.get("data").get("folder").asText()).isEqualTo("Projects/2025");
        assertThat(json.get("data").get("uid").asLong()).isEqualTo(7);
        assertThat(json.get("data").get("modSeq").asLong()).isEqualTo(11);
        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void aCopyRemovalNamesTheCopyItsSizeAndWhy() throws Exception {
        Event event = SampleEvents.of(EventType.MESSAGE_COPY_REMOVED);

        var json = JSON.readTree(EventCodec.encode(event));

        assertThat(json.get("type").asText()).isEqualTo("message.copy-removed");
        assertThat(event.type().topic()).isEqualTo(Topics.MAIL);
        assertThat(event.key()).isEqualTo(SampleEvents.ACCOUNT);
        assertThat(json.get("data").get("uid").asLong()).isEqualTo(43);
        assertThat(json.get("data").get("size").asLong()).isEqualTo(10_240);
        assertThat(json.get("data").get("reason").asText()).isEqualTo("IMAP_EXPUNGE");
        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "move without its old UID    | MESSAGE_MOVED        | data.fromUid",
            "move without its new folder | MESSAGE_MOVED        | data.folder",
            "move without its MODSEQ     | MESSAGE_MOVED        | data.modSeq",
            "copy removal without size   | MESSAGE_COPY_REMOVED | data.size",
            "copy removal without reason | MESSAGE_COPY_REMOVED | data.reason",
    })
    void aMoveOrCopyRemovalWithoutAFieldIsMalformed(String description, EventType type, String field)
            throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(SampleEvents.of(type)));
        apply(json, field);
        byte[] bytes = JSON.writeValueAsBytes(json);

        assertThatThrownBy(() -> EventCodec.decode(bytes))
                .isInstanceOf(MalformedEventException.class)
                .satisfies(e -> assertThat(((MalformedEventException) e).field()).isEqualTo(field));
    }

    @Test
    void aNewMessageWrittenBeforeFlagsExistedHasNone() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(SampleEvents.of(EventType.MESSAGE_APPENDED)));
        ((ObjectNode) json.get("data")).remove("flags");

        var data = (io.postvault.events.data.NewMessage) EventCodec.decode(JSON.writeValueAsBytes(json)).data();

        assertThat(data.flags()).isNull();
        assertThat(data.uid()).isEqualTo(42);
    }

    @Test
    void anAbsentOptionalFieldReadsAsNullButAnAbsentRequiredOneIsMalformed() throws Exception {
        Event event = SampleEvents.of(EventType.MESSAGE_REMOVED); // its summary has no Cc
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(event));
        ((ObjectNode) json.get("data").get("summary")).remove("cc");

        assertThat(EventCodec.decode(JSON.writeValueAsBytes(json))).isEqualTo(event);
        ((ObjectNode) json.get("data").get("summary")).remove("hasAttachments");
        assertThatThrownBy(() -> EventCodec.decode(JSON.writeValueAsBytes(json)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("data.summary.hasAttachments");
    }

    @Test
    void aNewMessageCarriesItsFlagsAndIgnoresUnknownOnes() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(SampleEvents.of(EventType.MESSAGE_APPENDED)));
        ((ObjectNode) json.get("data").get("flags")).put("answered", true);

        var data = (io.postvault.events.data.NewMessage) EventCodec.decode(JSON.writeValueAsBytes(json)).data();

        assertThat(data.flags()).isEqualTo(new io.postvault.events.data.FlagState(true, false, 7));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing flags            | data.flags          | data.flags",
            "missing seen             | data.flags.seen     | data.flags.seen",
            "missing modseq           | data.flags.modSeq   | data.flags.modSeq",
            "missing uid              | data.uid            | data.uid",
    })
    void aFlagsChangeWithoutItsFlagsIsMalformed(String description, String edit, String field) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(
                SampleEvents.of(EventType.MESSAGE_FLAGS_CHANGED)));
        apply(json, edit);
        byte[] bytes = JSON.writeValueAsBytes(json);

        assertThatThrownBy(() -> EventCodec.decode(bytes))
                .isInstanceOf(MalformedEventException.class)
                .satisfies(e -> assertThat(((MalformedEventException) e).field()).isEqualTo(field));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing id               | id              | id",
            "bad id                   | id=not-a-uuid   | id",
            "missing type             | type            | type",
            "unknown type             | type=message.x  | type",
            "missing time             | time            | time",
            "bad time                 | time=yesterday  | time",
            "missing domain           | domain          | domain",
            "wrong specversion        | specversion=0.3 | specversion",
            "missing data             | data            | data",
            "missing blob id          | data.blobId     | data.blobId",
            "missing size (primitive) | data.size       | data.size",
            "size not a number        | data.size=big   | data.size",
            "unknown direction        | data.direction=SIDEWAYS | data.direction",
            "missing nested field     | data.summary.hasAttachments | data.summary.hasAttachments",
            "null required field      | data.folder=null | data.folder",
    })
    void malformedEventsNameTheField(String description, String edit, String field) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(SampleEvents.of(EventType.MESSAGE_REMOVED)));
        apply(json, edit);
        byte[] bytes = JSON.writeValueAsBytes(json);

        assertThatThrownBy(() -> EventCodec.decode(bytes))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("'" + field + "'")
                .satisfies(e -> assertThat(((MalformedEventException) e).field()).isEqualTo(field));
    }

    @Test
    void notJsonAtAll() {
        byte[] bytes = "hello\u0000".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventCodec.decode(bytes))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> EventCodec.decode(new byte[0])).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void dataMustMatchItsType() {
        assertThatThrownBy(() -> Event.of("/t", EventType.MESSAGE_REMOVED, "d", "a",
                SampleEvents.data(EventType.ACCOUNT_DELETED)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MessageRemoved");
    }

    /** Edits one field: {@code path} removes it, {@code path=value} sets it (the literal null sets JSON null). */
    private static void apply(ObjectNode json, String edit) {
        String[] pathAndValue = edit.split("=", 2);
        String[] path = pathAndValue[0].split("\\.");
        ObjectNode parent = json;
        for (int i = 0; i < path.length - 1; i++) {
            parent = (ObjectNode) parent.get(path[i]);
        }
        String field = path[path.length - 1];
        if (pathAndValue.length == 1) {
            parent.remove(field);
        } else if (pathAndValue[1].equals("null")) {
            parent.putNull(field);
        } else {
            parent.put(field, pathAndValue[1]);
        }
    }
}
