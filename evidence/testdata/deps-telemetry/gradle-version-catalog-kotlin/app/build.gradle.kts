plugins { kotlin("jvm") }

dependencies {
    implementation(libs.bundles.otel)
    // implementation("io.prometheus:simpleclient:0.16.0")
    testImplementation(libs.junit)
}
