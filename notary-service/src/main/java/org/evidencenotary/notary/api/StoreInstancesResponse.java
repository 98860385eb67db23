package org.evidencenotary.notary.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.evidencenotary.notary.dicomweb.StowOutcome;

/**
 * The Store Instances Response Module (PS3.18 Annex I) in the DICOM JSON model (PS3.18 Annex F):
 * attributes keyed by their tag in eight upper-case hex digits, each with its VR and values.
 *
 * <ul>
 *   <li>Retrieve URL (0008,1190), type 2: present and empty, since the notary offers no Studies
 *       Retrieve transaction (WADO-RS);
 *   <li>Failed SOP Sequence (0008,1198), when an instance failed: its Referenced SOP Class and
 *       Instance UIDs when the part could be read as DICOM, and Failure Reason (0008,1197);
 *   <li>Referenced SOP Sequence (0008,1199), when an instance was stored: its Referenced SOP Class
 *       and Instance UIDs and a Retrieve URL, the URL of its evidence record.
 * </ul>
 */
final class StoreInstancesResponse {
  static final String MEDIA_TYPE = "application/dicom+json";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private StoreInstancesResponse() {}

  /**
   * @param evidenceUrl the URL of an evidence record, by its id
   */
  static String of(List<StowOutcome> outcomes, Function<String, String> evidenceUrl) {
    Map<String, Object> module = new LinkedHashMap<>();
    module.put("00081190", Map.of("vr", "UR"));
    List<Object> failed = new ArrayList<>();
    List<Object> stored = new ArrayList<>();
    for (StowOutcome o : outcomes) {
      Map<String, Object> item = new LinkedHashMap<>();
      if (o.sopClassUid() != null) {
        item.put("00081150", value("UI", o.sopClassUid()));
      }
      if (o.sopInstanceUid() != null) {
        item.put("00081155", value("UI", o.sopInstanceUid()));
      }
      if (o.isStored()) {
        item.put("00081190", value("UR", evidenceUrl.apply(o.evidenceId())));
        stored.add(item);
      } else {
        item.put("00081197", value("US", o.failure().code()));
        failed.add(item);
      }
    }
    if (!failed.isEmpty()) {
      module.put("00081198", Map.of("vr", "SQ", "Value", failed));
    }
    if (!stored.isEmpty()) {
      module.put("00081199", Map.of("vr", "SQ", "Value", stored));
    }
    try {
      return JSON.writeValueAsString(module);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the STOW-RS response", e);
    }
  }

  private static Map<String, Object> value(String vr, Object value) {
    Map<String, Object> attribute = new LinkedHashMap<>();
    attribute.put("vr", vr);
    attribute.put("Value", List.of(value));
    return attribute;
  }
}
