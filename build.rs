//! Tells the binary which target it was built for, so `pv-bulletin --version`
//! says which of the release archives (Windows, Linux x86_64, Linux aarch64) a
//! copy came from.

fn main() {
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".to_string());
    println!("cargo:rustc-env=PV_BULLETIN_TARGET={target}");
    println!("cargo:rerun-if-changed=build.rs");
}
