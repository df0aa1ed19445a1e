package io.usagebilling.invoicing;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.Proration;

/** One service mapping of a module enabled for billing: a module billing type feeding a company's contract line. */
public record ServiceLineSource(long companyId, ContractLine line, Proration proration,
        String module, String moduleName, String billingType) {}
