package io.usagebilling.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.sim.DattoRmmSimulator.Site;
import java.util.List;
import org.junit.jupiter.api.Test;

class DattoRmmSiteGeneratorTest {

    @Test
    void sameSeedSameSitesOtherSeedOtherSites() {
        assertThat(DattoRmmSimulator.generateSites(50, 42)).isEqualTo(DattoRmmSimulator.generateSites(50, 42));
        assertThat(DattoRmmSimulator.generateSites(50, 42)).isNotEqualTo(DattoRmmSimulator.generateSites(50, 43));
    }

    @Test
    void sitesLookRealistic() {
        List<Site> sites = DattoRmmSimulator.generateSites(1000, 1);
        assertThat(sites).hasSize(1000);
        assertThat(sites).extracting(Site::numberOfDevices).allSatisfy(n -> assertThat(n).isBetween(1, 250));
        assertThat(sites).extracting(Site::uid).doesNotHaveDuplicates()
                .allSatisfy(uid -> assertThat(uid).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertThat(sites).extracting(Site::name).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).matches("[A-Z][A-Za-z ]+ - [A-Z][A-Za-z ]+( \\d+)?"));
        assertThat(sites).extracting(Site::id).isSorted().doesNotHaveDuplicates();
        // Mostly small offices, but some large sites too.
        assertThat(sites).filteredOn(site -> site.numberOfDevices() <= 25).hasSizeGreaterThan(500);
        assertThat(sites).filteredOn(site -> site.numberOfDevices() > 100).isNotEmpty();
    }

    @Test
    void zeroSitesIsFineNegativeIsNot() {
        assertThat(DattoRmmSimulator.generateSites(0, 1)).isEmpty();
        assertThatThrownBy(() -> DattoRmmSimulator.generateSites(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
