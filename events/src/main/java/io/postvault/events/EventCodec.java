package io.postvault.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.postvault.events.data.EventData;
import io.postvault.events.data.Nullable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads and writes events as CloudEvents 1.0 in structured JSON mode. Unknown attributes and data fields are ignored;
 * a missing or ill-typed field gives a {@link MalformedEventException} that names it.
 */
public final class EventCodec {

    static final String SPEC_VERSION = "1.0";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private EventCodec() {
    }

    public static byte[] encode(Event event) {
        // written straight to the generator (the data record too): no intermediate tree of the event
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator json = MAPPER.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("specversion", SPEC_VERSION);
            json.writeStringField("id", event.id().toString());
            json.writeStringField("source", event.source());
            json.writeStringField("type", event.type().wireName());
            json.writeStringField("time", event.time().toString());
            json.writeStringField("subject", event.key());
            json.writeStringField("datacontenttype", "application/json");
            json.writeNumberField("schemaversion", Event.SCHEMA_VERSION);
            json.writeStringField("domain", event.domain());
            if (event.account() != null) {
                json.writeStringField("account", event.account());
            }
            json.writeFieldName("data");
            MAPPER.writeValue(json, event.data());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Event decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedEventException(null, "is empty");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new MalformedEventException(null, "is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException(null, "is not a JSON object");
        }
        String specVersion = text(root, "specversion");
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException("specversion", "must be " + SPEC_VERSION + ", not " + specVersion);
        }
        UUID id = parse("id", text(root, "id"), UUID::fromString);
        String typeName = text(root, "type");
        EventType type = EventType.fromWireName(typeName)
                .orElseThrow(() -> new MalformedEventException("type", "names no known event type: " + typeName));
        Instant time = parse("time", text(root, "time"), Instant::parse);
        JsonNode account = root.get("account");
        return new Event(id, text(root, "source"), type, time, text(root, "domain"),
                account == null || account.isNull() ? null : account.asText(), data(root, type));
    }

    private static EventData data(JsonNode root, EventType type) {
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedEventException("data", data == null ? "is missing" : "must be a JSON object");
        }
        fillAbsentNullables((ObjectNode) data, type.dataType());
        EventData value;
        try {
            value = MAPPER.treeToValue(data, type.dataType());
        } catch (JsonMappingException e) {
            throw new MalformedEventException(path("data", e.getPath()), "is invalid: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("data", "is invalid: " + e.getOriginalMessage(), e);
        }
        requireFields("data", (Record) value);
        return value;
    }

    /**
     * An absent {@link Nullable} field reads as null: fields added to a schema after its first version are nullable, so
     * an event written before them still decodes. (Required fields must be present, see {@link #requireFields}.)
     */
    private static void fillAbsentNullables(ObjectNode node, Class<?> recordType) {
        if (!recordType.isRecord()) {
            return;
        }
        for (RecordComponent component : recordType.getRecordComponents()) {
            JsonNode value = node.get(component.getName());
            if (value == null) {
                if (component.isAnnotationPresent(Nullable.class)) {
                    node.putNull(component.getName());
                }
            } else if (value.isObject()) {
                fillAbsentNullables((ObjectNode) value, component.getType());
            } else if (value.isArray() && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element) {
                for (JsonNode item : value) {
                    if (item.isObject()) {
                        fillAbsentNullables((ObjectNode) item, element);
                    }
                }
            }
        }
    }

    /** Every record component not marked {@link Nullable} must be present, recursively. */
    private static void requireFields(String path, Record record) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String field = path + "." + component.getName();
            if (value == null) {
                if (!component.isAnnotationPresent(Nullable.class)) {
                    throw new MalformedEventException(field, "is missing");
                }
            } else if (value instanceof Record nested) {
                requireFields(field, nested);
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    Object element = list.get(i);
                    if (element == null) {
                        throw new MalformedEventException(field + "[" + i + "]", "is null");
                    }
                    if (element instanceof Record nested) {
                        requireFields(field + "[" + i + "]", nested);
                    }
                }
            }
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new MalformedEventException(field, "is missing");
        }
        if (!node.isTextual()) {
            throw new MalformedEventException(field, "must be a string");
        }
        return node.asText();
    }

    private static <T> T parse(String field, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEventException(field, "is not valid: " + text, e);
        }
    }

    private static String path(String prefix, List<JsonMappingException.Reference> references) {
        return prefix + references.stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
    }
}
