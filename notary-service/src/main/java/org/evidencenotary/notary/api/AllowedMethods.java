package org.evidencenotary.notary.api;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The methods each path of the API has, for the {@code Allow} header RFC 9110 requires on a 405
 * (15.5.6) and on an answer to OPTIONS (9.3.7): Quarkus REST answers a wrong method with a
 * {@code NotAllowedException} that names none, and OPTIONS with the methods of the whole resource
 * class rather than of the path asked for. Read once from the resource classes' JAX-RS
 * annotations (the same ones that route requests), so it cannot drift from what the service
 * serves.
 */
public final class AllowedMethods {
  private record Route(Pattern path, String method) {}

  private static volatile List<Route> routes;

  /** Answers OPTIONS for a path of the API with exactly its methods (404 for a path it does not have). */
  @ServerRequestFilter(preMatching = true)
  public Response options(ContainerRequestContext request) {
    if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
      return null;
    }
    String path = request.getUriInfo().getPath();
    String allow = of(path.startsWith("/") ? path : "/" + path);
    return allow == null ? null : Response.ok().header("Allow", allow).build();
  }

  /** The methods {@code path} has (with HEAD for GET, and OPTIONS), comma-separated; null when none. */
  static String of(String path) {
    Set<String> methods = new TreeSet<>();
    for (Route r : routes()) {
      if (r.path().matcher(path).matches()) {
        methods.add(r.method());
      }
    }
    if (methods.isEmpty()) {
      return null;
    }
    if (methods.contains(HttpMethod.GET)) {
      methods.add(HttpMethod.HEAD);
    }
    methods.add(HttpMethod.OPTIONS);
    return String.join(", ", methods);
  }

  private static List<Route> routes() {
    List<Route> r = routes;
    if (r == null) {
      r = read();
      routes = r;
    }
    return r;
  }

  private static List<Route> read() {
    List<Route> out = new ArrayList<>();
    Set<Class<?>> seen = new java.util.HashSet<>();
    for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class)) {
      Class<?> type = bean.getBeanClass();
      Path base = type.getAnnotation(Path.class);
      if (base == null || !seen.add(type)) {
        continue;
      }
      for (Method m : type.getMethods()) {
        String verb = verb(m);
        if (verb == null) {
          continue;
        }
        Path sub = m.getAnnotation(Path.class);
        out.add(new Route(template(join(base.value(), sub == null ? "" : sub.value())), verb));
      }
    }
    return List.copyOf(out);
  }

  private static String verb(Method m) {
    for (var a : m.getAnnotations()) {
      HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
      if (h != null) {
        return h.value();
      }
    }
    return null;
  }

  private static String join(String base, String sub) {
    String b = base.startsWith("/") ? base : "/" + base;
    if (sub.isEmpty()) {
      return b;
    }
    return b.replaceAll("/$", "") + (sub.startsWith("/") ? sub : "/" + sub);
  }

  /** A path template as a pattern: each {name} or {name: regex} one segment. */
  private static Pattern template(String path) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < path.length()) {
      int open = path.indexOf('{', i);
      if (open < 0) {
        regex.append(Pattern.quote(path.substring(i)));
        break;
      }
      regex.append(Pattern.quote(path.substring(i, open)));
      int close = path.indexOf('}', open);
      regex.append("[^/]+");
      i = close + 1;
    }
    return Pattern.compile(regex + "/?");
  }
}
