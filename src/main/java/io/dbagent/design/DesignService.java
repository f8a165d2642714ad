package io.dbagent.design;

import io.dbagent.DbAgentException;
import io.dbagent.design.spec.DesignSpec;
import io.dbagent.design.spec.SpecParser;
import io.dbagent.jdbc.DialectKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Entry point for the faces: read a spec file and design it for a dialect. */
public final class DesignService {

    private DesignService() {
    }

    public static Design designFile(Path spec, DialectKind dialect) {
        String text;
        try {
            text = Files.readString(spec, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw DbAgentException.badInput("spec file not found: " + spec);
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read spec " + spec + ": " + e.getMessage());
        }
        return design(text, spec.getFileName().toString(), dialect);
    }

    public static Design design(String specText, String sourceName, DialectKind dialect) {
        DesignSpec spec = SpecParser.parse(specText, sourceName);
        return SchemaDesigner.design(spec, dialect);
    }
}
