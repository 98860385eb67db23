package org.evidencenotary.notary.api;

import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.evidencenotary.storage.SizeLimitExceededException;
import org.jboss.logging.Logger;

/**
 * A {@code multipart/form-data} request (RFC 7578) read with {@link MultipartReader}, so that
 * every part is bounded: the endpoint says which parts it takes ({@link Shape}); its file parts
 * are spooled to the uploads folder, its small text parts (metadata, a proof bundle) are held in
 * memory up to their own limit, and any other part is read past and dropped. The spooled files
 * are deleted when the form is closed, and at once when reading fails. Quarkus REST's own form
 * parser is not used: it holds a part's header block in memory without a limit
 * (docs/decisions.md, "Multipart requests read by our own reader").
 *
 * <pre>{@code
 * try (MultipartForm form = MultipartForm.read(body, contentType, shape, settings)) {
 *   MultipartForm.Part file = form.part("file");
 * }
 * }</pre>
 */
public final class MultipartForm implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MultipartForm.class);

  /**
   * The parts an endpoint takes.
   *
   * @param files names of the parts spooled to disk
   * @param texts names of the parts held in memory, each with its most bytes
   * @param repeatable names that may come more than once (a second part of any other name is a 400)
   * @param maxFile the most bytes of one file part
   * @param maxBody the most bytes of the whole body as sent
   */
  public record Shape(Set<String> files, Map<String, Long> texts, Set<String> repeatable, long maxFile, long maxBody) {
    public Shape {
      files = Set.copyOf(files);
      texts = Map.copyOf(texts);
      repeatable = Set.copyOf(repeatable);
    }
  }

  /** One part as kept: its bytes are in a spooled file or, for a text part, in memory. */
  public static final class Part {
    private final String name;
    private final String fileName;
    private final String contentType;
    private final Path file;
    private final byte[] bytes;

    private Part(String name, String fileName, String contentType, Path file, byte[] bytes) {
      this.name = name;
      this.fileName = fileName;
      this.contentType = contentType;
      this.file = file;
      this.bytes = bytes;
    }

    public String name() {
      return name;
    }

    /** The file name the sender gave ({@code filename} of Content-Disposition), or null. */
    public String fileName() {
      return fileName;
    }

    /** The part's Content-Type, or null. */
    public String contentType() {
      return contentType;
    }

    public long size() throws IOException {
      return file != null ? Files.size(file) : bytes.length;
    }

    public InputStream open() throws IOException {
      return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
    }

    /** The bytes as UTF-8 text (text parts only: a file part is never read whole). */
    public String text() {
      if (bytes == null) {
        throw new IllegalStateException("part '" + name + "' is a spooled file");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private final Map<String, List<Part>> parts = new LinkedHashMap<>();
  private final List<Path> spooled = new ArrayList<>();

  private MultipartForm() {}

  /**
   * Reads the whole body. On any failure the files spooled so far are deleted before it throws.
   *
   * @throws BadRequestProblem for a Content-Type without a boundary, a part without a form-data
   *     name, or a second part of a name that may come once
   * @throws MultipartReader.MalformedMultipartException when the body is not well-formed multipart
   * @throws MultipartReader.MultipartLimitException when the body has too many parts, a part header
   *     block or a text part is too large
   * @throws SizeLimitExceededException when a file part or the whole body is too large
   * @throws IOException when reading the request fails (the client went away, a read timed out)
   */
  public static MultipartForm read(InputStream body, String contentType, Shape shape, MultipartSettings settings)
      throws IOException {
    MultipartReader reader;
    try {
      reader = new MultipartReader(new Limited(body, shape.maxBody()), boundary(contentType), settings.form(),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestProblem("the multipart boundary parameter is not valid: " + e.getMessage());
    }
    MultipartForm form = new MultipartForm();
    try {
      for (MultipartReader.Part part; (part = reader.next()) != null; ) {
        form.add(part, shape, settings);
      }
      return form;
    } catch (IOException | RuntimeException e) {
      form.close();
      throw e;
    }
  }

  private void add(MultipartReader.Part part, Shape shape, MultipartSettings settings) throws IOException {
    Map<String, String> disposition = disposition(part.header("Content-Disposition"));
    String name = disposition.get("name");
    if (name == null) {
      throw new BadRequestProblem("a part has no Content-Disposition: form-data with a name (RFC 7578);"
          + " nothing was kept");
    }
    boolean known = shape.files().contains(name) || shape.texts().containsKey(name);
    if (known && parts.containsKey(name) && !shape.repeatable().contains(name)) {
      throw new BadRequestProblem("the multipart request has more than one '" + Ids.printable(name)
          + "' part; nothing was kept");
    }
    String fileName = disposition.containsKey("filename*") ? disposition.get("filename*") : disposition.get("filename");
    Part kept;
    if (shape.files().contains(name)) {
      Path file = Files.createTempFile(settings.uploads(), "form-", ".upload");
      spooled.add(file);
      try (OutputStream out = Files.newOutputStream(file)) {
        copy(part.body(), out, shape.maxFile());
      }
      kept = new Part(name, fileName, part.header("Content-Type"), file, null);
    } else if (shape.texts().containsKey(name)) {
      long limit = shape.texts().get(name);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = part.body().read(buffer)) != -1; ) {
        if (bytes.size() + n > limit) {
          throw new MultipartReader.MultipartLimitException(MultipartReader.MultipartLimitException.Kind.PART_SIZE,
              limit, "the '" + name + "' part exceeds " + limit + " bytes");
        }
        bytes.write(buffer, 0, n);
      }
      kept = new Part(name, fileName, part.header("Content-Type"), null, bytes.toByteArray());
    } else {
      part.body().transferTo(OutputStream.nullOutputStream()); // not a part this endpoint takes
      return;
    }
    parts.computeIfAbsent(name, k -> new ArrayList<>()).add(kept);
  }

  private static void copy(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
      if (total > limit) {
        throw new SizeLimitExceededException(limit);
      }
      out.write(buffer, 0, n);
    }
  }

  /** The one part named {@code name}, or null. */
  public Part part(String name) {
    List<Part> named = parts.get(name);
    return named == null ? null : named.get(0);
  }

  /** Every part named {@code name}, in the order sent (empty when there is none). */
  public List<Part> parts(String name) {
    return Collections.unmodifiableList(parts.getOrDefault(name, List.of()));
  }

  /** The text of the part named {@code name}, or null when there is none. */
  public String text(String name) {
    Part part = part(name);
    return part == null ? null : part.text();
  }

  /** Deletes the spooled files. */
  @Override
  public void close() {
    for (Path file : spooled) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warnf("could not delete the spooled upload %s: %s", file.getFileName(), e.getMessage());
      }
    }
    spooled.clear();
  }

  private static String boundary(String contentType) {
    MediaType type;
    try {
      type = MediaType.valueOf(contentType);
    } catch (IllegalArgumentException e) {
      throw new BadRequestProblem("the Content-Type header is not a media type (type/subtype)");
    }
    for (var p : type.getParameters().entrySet()) {
      if (p.getKey().equalsIgnoreCase("boundary") && !p.getValue().isEmpty()) {
        return p.getValue();
      }
    }
    throw new BadRequestProblem("the Content-Type multipart/form-data has no boundary parameter");
  }

  /**
   * The parameters of a {@code form-data} Content-Disposition (names in lowercase; quoted strings
   * unquoted; {@code filename*} decoded as RFC 8187 says), or none for another disposition.
   */
  static Map<String, String> disposition(String header) {
    Map<String, String> params = new LinkedHashMap<>();
    if (header == null) {
      return params;
    }
    int n = header.length();
    int semi = header.indexOf(';');
    String kind = (semi < 0 ? header : header.substring(0, semi)).strip();
    if (!kind.equalsIgnoreCase("form-data")) {
      return params;
    }
    int i = semi < 0 ? n : semi + 1;
    while (i < n) {
      int eq = header.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = header.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      i = eq + 1;
      while (i < n && header.charAt(i) == ' ') {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < n && header.charAt(i) == '"') {
        i++;
        while (i < n && header.charAt(i) != '"') {
          char c = header.charAt(i++);
          if (c == '\\' && i < n) {
            c = header.charAt(i++);
          }
          value.append(c);
        }
        i++; // the closing quote
        int next = header.indexOf(';', i);
        i = next < 0 ? n : next + 1;
      } else {
        int next = header.indexOf(';', i);
        value.append(header, i, next < 0 ? n : next);
        i = next < 0 ? n : next + 1;
      }
      String v = value.toString().strip();
      params.putIfAbsent(key, key.endsWith("*") ? extendedValue(v) : v);
    }
    return params;
  }

  /** An RFC 8187 ext-value ({@code UTF-8''%e2%82%ac}); as given when it is not one. */
  private static String extendedValue(String value) {
    int first = value.indexOf('\'');
    int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0 || !value.substring(0, first).equalsIgnoreCase("UTF-8")) {
      return value;
    }
    String encoded = value.substring(second + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()
          && Character.digit(encoded.charAt(i + 1), 16) >= 0 && Character.digit(encoded.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Counts the body as it is read and refuses it past {@code limit} bytes. */
  private static final class Limited extends FilterInputStream {
    private final long limit;
    private long count;

    Limited(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      counted(skipped);
      return skipped;
    }

    private void counted(long n) throws IOException {
      count += n;
      if (count > limit) {
        throw new SizeLimitExceededException(limit);
      }
    }
  }
}
