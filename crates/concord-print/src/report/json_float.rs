//! Every JSON float concord writes, rounded in one formatter.

use serde::Serialize;

/// Pretty JSON as `serde_json::to_string_pretty` writes it, with every float rounded to six
/// decimals: `74.54`, not `74.53999999999999`; `0.573333`, not `0.5733333333333334`; never `-0.0`.
/// Every JSON output of concord goes through here.
pub(crate) fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(256);
    to_writer_pretty(&mut out, value)?;
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

/// [`to_string_pretty`] written as it is made, for a document too large to hold (a 5,000-group
/// agreement matrix is half a gigabyte of JSON).
pub(crate) fn to_writer_pretty<T: ?Sized + Serialize>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(
        out,
        Rounding(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut serializer)
}

/// A float for JSON: six decimals at most, `.0` on whole numbers (as serde_json writes them),
/// exponent notation only for magnitudes of 1e15 and more.
pub(crate) fn json_float(value: f64) -> String {
    if !value.is_finite() {
        return "null".into();
    }
    let rounded = (value * 1e6).round() / 1e6 + 0.0;
    if rounded.abs() >= 1e15 {
        format!("{value:e}")
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.1}")
    } else {
        format!("{rounded}")
    }
}

/// serde_json's pretty formatter, with [`json_float`] for floats.
struct Rounding<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for Rounding<'_> {
    fn write_f64<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        value: f64,
    ) -> std::io::Result<()> {
        writer.write_all(json_float(value).as_bytes())
    }
    fn write_f32<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        value: f32,
    ) -> std::io::Result<()> {
        writer.write_all(json_float(f64::from(value)).as_bytes())
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.begin_array(writer)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.end_array(writer)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(writer, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        self.0.end_array_value(writer)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.begin_object(writer)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.end_object(writer)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(writer, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        self.0.begin_object_value(writer)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod float_tests {
    use super::*;

    #[test]
    fn floats_are_rounded_without_noise() {
        assert_eq!(json_float(74.53999999999999), "74.54");
        assert_eq!(json_float(0.5800000000000001), "0.58");
        assert_eq!(json_float(0.5733333333333334), "0.573333");
        assert_eq!(json_float(-0.0), "0.0");
        assert_eq!(json_float(-1e-9), "0.0");
        assert_eq!(json_float(3.0), "3.0");
        assert_eq!(json_float(1e300), "1e300");
        /// A document of floats only.
        #[derive(Serialize)]
        struct Floats {
            /// A sum with float noise, and a whole number.
            a: [f64; 2],
            /// Negative zero.
            b: f64,
        }
        let value = Floats {
            a: [0.1 + 0.2, 1.0],
            b: -0.0,
        };
        assert_eq!(
            to_string_pretty(&value).unwrap(),
            "{\n  \"a\": [\n    0.3,\n    1.0\n  ],\n  \"b\": 0.0\n}"
        );
    }
}
