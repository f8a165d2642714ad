package io.dbagent.cli;

/**
 * The jar's entry point: a request for a usage text or the version is answered from the texts rendered at build time
 * ({@link UsageTexts}) before {@link Main}, whose code refers to picocli's classes, is even loaded; anything else
 * runs {@link Main}.
 */
public final class Start {

    private Start() {
    }

    public static void main(String[] args) {
        byte[] quick = UsageTexts.quick(args);
        if (quick != null) {
            System.out.write(quick, 0, quick.length);
            System.out.flush();
            System.exit(0);
        }
        Main.main(args);
    }
}
