package org.evidencenotary.notary.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The service's packages import one way only: a loop (evidence -> dicom -> evidence, say) would
 * mean no package can be read, changed or tested without the others. See docs/architecture.md.
 */
@AnalyzeClasses(packages = "org.evidencenotary.notary", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
  @ArchTest
  static final ArchRule service_packages_form_no_import_loop =
      slices().matching("org.evidencenotary.notary.(*)..").should().beFreeOfCycles();
}
