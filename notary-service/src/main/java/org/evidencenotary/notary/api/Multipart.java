package org.evidencenotary.notary.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** Reads named parts of a multipart request, whether sent as files or as plain fields. */
final class Multipart {
  private final MultipartFormDataInput input;

  Multipart(MultipartFormDataInput input) {
    this.input = input;
  }

  FormValue part(String name) {
    Collection<FormValue> values = input.getValues().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new BadRequestProblem("the multipart request has more than one '" + name + "' part");
    }
    return values.iterator().next();
  }

  /** Every part named {@code name}, in the order sent (empty when there is none). */
  Collection<FormValue> parts(String name) {
    Collection<FormValue> values = input.getValues().get(name);
    return values == null ? java.util.List.of() : values;
  }

  static InputStream open(FormValue value) throws IOException {
    if (value.isFileItem()) {
      return Files.newInputStream(value.getFileItem().getFile());
    }
    return new ByteArrayInputStream(value.getValue().getBytes(StandardCharsets.UTF_8));
  }

  static String text(FormValue value) throws IOException {
    if (value == null) {
      return null;
    }
    if (value.isFileItem()) {
      return Files.readString(value.getFileItem().getFile(), StandardCharsets.UTF_8);
    }
    return value.getValue();
  }

  static String contentType(FormValue value) {
    var headers = value.getHeaders();
    return headers == null ? null : headers.getFirst("Content-Type");
  }
}
