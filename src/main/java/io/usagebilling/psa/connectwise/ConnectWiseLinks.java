package io.usagebilling.psa.connectwise;

import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaException.Outcome;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ConnectWise's Link header ({@code <url>; rel="next", <url>; rel="last"}): where the next page is. */
final class ConnectWiseLinks {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([a-zA-Z]+)\"?");

    private ConnectWiseLinks() {}

    /**
     * The next page's address, none on the last page. It must be on the server we were given: our
     * keys go with the request, so a link elsewhere is refused rather than followed.
     */
    static Optional<URI> next(String header, URI base) {
        Matcher m = LINK.matcher(header);
        while (m.find()) {
            if (m.group(2).equalsIgnoreCase("next")) {
                URI next;
                try {
                    next = URI.create(m.group(1));
                } catch (IllegalArgumentException e) {
                    throw new PsaException(Outcome.REJECTED, "ConnectWise's Link header names no address: " + header, e);
                }
                if (!base.getScheme().equalsIgnoreCase(String.valueOf(next.getScheme()))
                        || !base.getHost().equalsIgnoreCase(String.valueOf(next.getHost()))
                        || base.getPort() != next.getPort()) {
                    throw new PsaException(Outcome.REJECTED, "ConnectWise named a next page on another server: " + next);
                }
                return Optional.of(next);
            }
        }
        return Optional.empty();
    }
}
