package org.evidencenotary.chaincode.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Deterministic JSON for world state: properties sorted by name, no whitespace, UTF-8, so that
 * every endorser writes identical bytes for the same record.
 */
public final class StateCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private StateCodec() {}

  public static byte[] encode(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T decode(byte[] bytes, Class<T> type, String key) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new RuleException(
          ErrorCode.CORRUPT_STATE, "state under " + key + " is not a valid " + type.getSimpleName(), e);
    }
  }
}
