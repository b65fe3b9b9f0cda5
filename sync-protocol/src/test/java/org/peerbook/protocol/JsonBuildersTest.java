package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No code of the project builds JSON through {@code jakarta.json.Json}'s static methods, which look
 * the provider up on every call ({@link JsonBuilders} says what that cost).
 */
class JsonBuildersTest {
  private static final Pattern STATIC_FACTORY = Pattern.compile("\\bJson\\.create[A-Z]\\w*\\(");

  @Test
  void theProjectsCodeLooksTheProviderUpOnce() throws IOException {
    // the build runs each module's tests in the module's directory: its parent holds them all
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> sources;
    try (Stream<Path> modules = Files.list(root)) {
      sources =
          modules
              .map(module -> module.resolve("src/main/java"))
              .filter(Files::isDirectory)
              .flatMap(JsonBuildersTest::javaFiles)
              .toList();
    }

    assertThat(sources).as("the modules' sources, found").hasSizeGreaterThan(100);
    assertThat(sources)
        .filteredOn(file -> STATIC_FACTORY.matcher(code(file)).find())
        .as("files calling Json.create…: use JsonBuilders")
        .isEmpty();
  }

  @Test
  void buildsWhatJsonWould() {
    var built = JsonBuilders.object().add("a", JsonBuilders.array().add(1)).build();

    assertThat(JsonBuilders.object(built).add("b", true).build().toString())
        .isEqualTo("{\"a\":[1],\"b\":true}");
  }

  private static Stream<Path> javaFiles(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file without comments, which may name what not to call. */
  private static String code(Path file) {
    try {
      return Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
