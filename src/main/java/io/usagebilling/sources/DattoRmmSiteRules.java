package io.usagebilling.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Turns one Datto RMM site (its JSON text exactly as received) into a usage record or a
 * rejection. Every rule that can fail names the field and the offending value, because the
 * quarantine reason is what an engineer reads to fix the source.
 */
final class DattoRmmSiteRules {

    static final int MAX_UID_LENGTH = 200;
    /** No MSP site has a million devices; a bigger count is a source bug, not a bill. */
    static final BigDecimal MAX_DEVICES = BigDecimal.valueOf(1_000_000);
    private static final int MAX_VALUE_IN_REASON = 80;

    // Duplicate keys are ambiguous (which count is right?), so they reject the site instead of
    // silently keeping the last one. Floats as BigDecimal: 1e400 must not become Infinity.
    private static final ObjectReader SITE_READER = new ObjectMapper()
            .readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Exactly one of the two is non-null. */
    record Outcome(UsageRecord record, RejectedRecord rejection) {}

    private DattoRmmSiteRules() {}

    static Outcome normalize(String rawSite, LocalDate usageDate) {
        JsonNode site;
        try {
            site = SITE_READER.readValue(rawSite);
        } catch (MismatchedInputException e) {
            return reject(null, "site has a duplicate field: " + e.getOriginalMessage(), rawSite);
        } catch (JsonProcessingException e) {
            return reject(null, "site is not readable JSON: " + e.getOriginalMessage(), rawSite);
        }
        if (site == null || !site.isObject()) {
            String kind = site == null ? "empty" : site.getNodeType().name().toLowerCase(Locale.ROOT);
            return reject(null, "site is not a JSON object but " + kind + ": " + show(site), rawSite);
        }

        JsonNode uidNode = site.get("uid");
        if (uidNode == null || uidNode.isNull()) {
            return reject(null, "uid is missing", rawSite);
        }
        if (!uidNode.isTextual()) {
            return reject(null, "uid is not a string: " + show(uidNode), rawSite);
        }
        String uid = uidNode.textValue();
        if (uid.isBlank()) {
            return reject(null, "uid is blank: " + show(uidNode), rawSite);
        }
        int uidLength = uid.codePointCount(0, uid.length());
        if (uidLength > MAX_UID_LENGTH) {
            // Not used as sourceRecordId: it would not fit the store's key column either.
            return reject(null, "uid is longer than " + MAX_UID_LENGTH + " characters (" + uidLength + ")", rawSite);
        }

        JsonNode status = site.get("devicesStatus");
        if (status == null || status.isNull()) {
            return reject(uid, "devicesStatus is missing", rawSite);
        }
        if (!status.isObject()) {
            return reject(uid, "devicesStatus is not an object: " + show(status), rawSite);
        }
        JsonNode countNode = status.get("numberOfDevices");
        if (countNode == null || countNode.isNull()) {
            return reject(uid, "devicesStatus.numberOfDevices is missing", rawSite);
        }
        String countProblem = countProblem(countNode);
        if (countProblem != null) {
            return reject(uid, "devicesStatus.numberOfDevices " + countProblem, rawSite);
        }
        // Integral and in range (checked above), so scale 0 is exact: 12.0 is stored as 12.
        BigDecimal quantity = countNode.decimalValue().setScale(0);

        JsonNode nameNode = site.get("name");
        String name = nameNode != null && nameNode.isTextual() && !nameNode.textValue().isBlank()
                ? nameNode.textValue()
                : uid;
        UsageRecord record = new UsageRecord(
                DattoRmmSitesNormalizer.MODULE, uid, name, DattoRmmSitesNormalizer.BILLING_TYPE,
                null, quantity, usageDate, uid);
        return new Outcome(record, null);
    }

    /** Null when the count is a usable device count, else what is wrong with it. */
    private static String countProblem(JsonNode count) {
        if (!count.isNumber()) {
            return "is not an integral number: " + show(count);
        }
        BigDecimal value = count.decimalValue();
        // stripTrailingZeros is cheap even for 1e999999999; never expand such a value to digits.
        if (value.stripTrailingZeros().scale() > 0) {
            return "is not an integral number: " + show(count);
        }
        if (value.signum() < 0) {
            return "is negative: " + show(count);
        }
        if (value.compareTo(MAX_DEVICES) > 0) {
            return "is above the sanity maximum " + MAX_DEVICES + ": " + show(count);
        }
        return null;
    }

    private static Outcome reject(String sourceRecordId, String reason, String rawSite) {
        return new Outcome(null, new RejectedRecord(DattoRmmSitesNormalizer.MODULE, sourceRecordId, reason, rawSite));
    }

    /** The value as JSON text, cut short so one absurd value cannot bloat the quarantine reason. */
    private static String show(JsonNode value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_VALUE_IN_REASON) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(MAX_VALUE_IN_REASON - 1))
                ? MAX_VALUE_IN_REASON - 1
                : MAX_VALUE_IN_REASON;
        return text.substring(0, cut) + "...";
    }
}
