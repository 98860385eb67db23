package org.evidencenotary.notary.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The table "Packages of the service" in docs/architecture.md, as rules: the four layers, and for
 * each package the service packages it may import (its "imports" column). A package that imports
 * against the table, or a package the table does not name, fails the build. Change the table and
 * these rules together.
 */
@AnalyzeClasses(packages = PackageLayersTest.SERVICE, importOptions = ImportOption.DoNotIncludeTests.class)
class PackageLayersTest {
  static final String SERVICE = "org.evidencenotary.notary";

  private static final String[] ENTRY_POINTS = {"api", "portal", "dimse", "dicomweb", "health"};
  private static final String[] OUTPUTS = {"certificate", "verify", "proof", "series"};
  private static final String[] CORE = {"custody", "evidence", "ledger", "identity", "auth", "admin", "timestamping", "pki"};
  private static final String[] LIBRARIES = {"dicom", "config"};

  @ArchTest
  static final ArchRule layers_are_imported_only_from_above = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("entry points").definedBy(packages(ENTRY_POINTS))
      .layer("outputs").definedBy(packages(OUTPUTS))
      .layer("core").definedBy(packages(CORE))
      .layer("libraries").definedBy(packages(LIBRARIES))
      .whereLayer("entry points").mayNotBeAccessedByAnyLayer()
      .whereLayer("outputs").mayOnlyBeAccessedByLayers("entry points")
      .whereLayer("core").mayOnlyBeAccessedByLayers("entry points", "outputs")
      .whereLayer("libraries").mayOnlyBeAccessedByLayers("entry points", "outputs", "core")
      .because("docs/architecture.md: imports point down the table, never up it");

  @ArchTest
  static final ArchRule every_class_sits_in_a_package_of_the_table = classes()
      .that().resideInAPackage(SERVICE + "..")
      .should().resideInAnyPackage(packages(Stream.of(ENTRY_POINTS, OUTPUTS, CORE, LIBRARIES)
          .flatMap(Arrays::stream).toArray(String[]::new)))
      .because("a new package gets its row in docs/architecture.md and its rule here");

  // Entry points. api may import any package below it (the layer rule); the others only these.

  // portal reads its one form (a file checked against a proof) with api's bounded multipart reader;
  // api never imports portal. The reader belongs in a package of its own (a note for the next step).
  @ArchTest
  static final ArchRule portal_imports_only_its_column =
      mayImportOnly("portal", "api", "verify", "proof", "custody", "evidence", "ledger", "auth");

  @ArchTest
  static final ArchRule api_never_imports_portal = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
      .that().resideInAPackage(SERVICE + ".api..").should().dependOnClassesThat().resideInAPackage(SERVICE + ".portal..")
      .because("portal imports api's multipart reader, so api must never import portal (no loop)");

  @ArchTest
  static final ArchRule dimse_imports_only_evidence_identity_auth_pki_dicom_config =
      mayImportOnly("dimse", "evidence", "identity", "auth", "pki", "dicom", "config");

  @ArchTest
  static final ArchRule dicomweb_imports_only_evidence_identity_timestamping_pki_dicom_config =
      mayImportOnly("dicomweb", "evidence", "identity", "timestamping", "pki", "dicom", "config");

  @ArchTest
  static final ArchRule health_imports_only_evidence_ledger = mayImportOnly("health", "evidence", "ledger");

  // Outputs.

  @ArchTest
  static final ArchRule certificate_imports_only_its_column = mayImportOnly("certificate",
      "verify", "proof", "custody", "evidence", "identity", "timestamping", "pki", "dicom");

  @ArchTest
  static final ArchRule verify_imports_only_its_column = mayImportOnly("verify",
      "proof", "evidence", "ledger", "identity", "auth", "timestamping", "pki", "dicom");

  @ArchTest
  static final ArchRule proof_imports_only_its_column = mayImportOnly("proof",
      "series", "custody", "evidence", "ledger", "identity", "pki");

  @ArchTest
  static final ArchRule series_imports_only_its_column = mayImportOnly("series",
      "evidence", "ledger", "timestamping", "pki", "dicom", "config");

  // Core.

  @ArchTest
  static final ArchRule custody_imports_only_evidence_ledger_config =
      mayImportOnly("custody", "evidence", "ledger", "config");

  @ArchTest
  static final ArchRule evidence_imports_only_its_column = mayImportOnly("evidence",
      "ledger", "identity", "pki", "dicom", "config");

  @ArchTest
  static final ArchRule ledger_imports_only_pki_config_and_not_evidence =
      mayImportOnly("ledger", "pki", "config");

  @ArchTest
  static final ArchRule identity_imports_only_timestamping_pki_config =
      mayImportOnly("identity", "timestamping", "pki", "config");

  @ArchTest
  static final ArchRule auth_imports_only_admin_identity_config = mayImportOnly("auth", "admin", "identity", "config");

  @ArchTest
  static final ArchRule admin_imports_only_config_and_not_api = mayImportOnly("admin", "config");

  @ArchTest
  static final ArchRule timestamping_imports_only_pki_config = mayImportOnly("timestamping", "pki", "config");

  @ArchTest
  static final ArchRule pki_imports_only_config = mayImportOnly("pki", "config");

  // Libraries.

  @ArchTest
  static final ArchRule dicom_imports_no_service_package = mayImportOnly("dicom");

  @ArchTest
  static final ArchRule config_imports_no_service_package = mayImportOnly("config");

  /** Classes of {@code from} depend on no service class outside {@code from} and {@code allowed}. */
  private static ArchRule mayImportOnly(String from, String... allowed) {
    String[] own = packages(Stream.concat(Stream.of(from), Arrays.stream(allowed)).toArray(String[]::new));
    return noClasses().that().resideInAPackage(SERVICE + "." + from + "..")
        .should().dependOnClassesThat(resideInAPackage(SERVICE + "..").and(not(resideInAnyPackage(own))))
        .as(from + " imports " + (allowed.length == 0 ? "no other service package" : "only " + String.join(", ", allowed))
            + " (inside the service)")
        .because("that is its row in docs/architecture.md");
  }

  private static String[] packages(String... names) {
    return Arrays.stream(names).map(n -> SERVICE + "." + n + "..").toArray(String[]::new);
  }
}
