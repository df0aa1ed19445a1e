package io.usagebilling.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A contract service line's quantity on one tenant-local day. */
public record DayQuantity(LocalDate date, BigDecimal quantity) {}
