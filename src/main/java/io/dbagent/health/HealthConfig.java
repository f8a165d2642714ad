package io.dbagent.health;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dbagent.DbAgentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code --config FILE} of health, watch and alerts export: YAML or JSON (JSON is YAML) with
 * <pre>
 * thresholds:
 *   slow-query: 250          # ms
 *   rollback-rate: 2         # %
 *   table-bloat.min-mb: 64
 * only: [slow-query, rollback-rate]   # optional
 * </pre>
 * Command-line {@code --threshold}/{@code --only} win over the file.
 */
public record HealthConfig(Map<String, Object> thresholds, List<String> only) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public HealthConfig {
        thresholds = thresholds == null ? Map.of() : thresholds;
        only = only == null ? List.of() : only;
    }

    public static HealthConfig empty() {
        return new HealthConfig(Map.of(), List.of());
    }

    public static HealthConfig load(Path file) {
        if (file == null) {
            return empty();
        }
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return empty();
            }
            HealthConfig c = YAML.readValue(text, HealthConfig.class);
            return c == null ? empty() : c;
        } catch (NoSuchFileException e) {
            throw DbAgentException.badInput("config file not found: " + file);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DbAgentException.badInput("invalid config file " + file + ": " + e.getOriginalMessage()
                    + " (expected keys: thresholds, only)");
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** Defaults, then the file, then the command line. */
    public Thresholds thresholds(List<String> cliAssignments) {
        return Thresholds.defaults().withAll(thresholds).withAssignments(cliAssignments);
    }

    /** The command line's {@code --only} if given, else the file's. */
    public List<String> only(List<String> cliOnly) {
        return cliOnly != null && !cliOnly.isEmpty() ? cliOnly : only;
    }
}
