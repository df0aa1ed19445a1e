package io.usagebilling.domain;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Company names as people write them differ in case, punctuation, accents and legal form
 * ("ACME Corporation", "Acme Corp.", "Acmé Corp"). {@link #normalize} removes those differences
 * so that names can be compared; what remains is what tells companies apart.
 */
public final class CompanyNames {

    private static final Set<String> LEGAL_FORMS = Set.of(
            "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "gmbh", "mbh", "ag", "corp", "corporation",
            "co", "company", "plc", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "pty", "pte", "kg", "oy", "ab", "as");

    private CompanyNames() {}

    /** Lower case, no accents or punctuation, "&" read as "and", legal forms dropped, single spaces. */
    public static String normalize(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String words = plain.toLowerCase(Locale.ROOT).replace("&", " and ").replaceAll("[^\\p{L}\\p{N}]+", " ");
        return Arrays.stream(words.trim().split(" "))
                .filter(w -> !w.isEmpty() && !LEGAL_FORMS.contains(w))
                .collect(Collectors.joining(" "));
    }
}
