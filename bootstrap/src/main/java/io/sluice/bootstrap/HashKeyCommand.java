package io.sluice.bootstrap;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.sluice.adapters.http.ApiKeys;
import java.security.SecureRandom;
import java.util.HexFormat;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code java -jar sluice.jar hash-key <key>}: prints the SHA-256 digest to put in the
 * configuration's {@code auth} section, and nothing else on standard output, so that
 * {@code export SLUICE_WRITE_KEY_SHA256=$(java -jar sluice.jar hash-key "$KEY")} captures exactly
 * the digest. Without a key, generates a random one (256 bits): the key goes to standard error
 * (labelled, for the person at the terminal), the digest to standard output. Reads no configuration.
 */
final class HashKeyCommand extends Command {

    HashKeyCommand() {
        super("hash-key", "Print the SHA-256 digest of an API key for the auth section (no key: generate one)");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("key").nargs("?").help("the key clients will send; omit to generate a random one");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        String key = namespace.getString("key");
        if (key == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            key = "sk_" + HexFormat.of().formatHex(random);
            System.err.println("generated key (give it to the client; only its digest below goes in the configuration): " + key);
        }
        System.out.println(ApiKeys.sha256Hex(key));
    }
}
