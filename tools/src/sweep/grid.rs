//! The configurations of a sweep: a grid of flag values (`--grid FLAG=V1,V2`) or a list of named flag sets
//! (`--config NAME=FLAGS`), each checked against the `tetra` command's own flags and turned into command-line
//! arguments; which configuration is the default one.

use crate::cli::{Args, parse_size};
use clap::CommandFactory;
use serde::{Deserialize, Serialize};

/// One flag set to a value: `value` as the user wrote it (`16K`, `on`, `baseline`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Setting {
    pub flag: String,
    pub value: String,
}

/// One configuration of the sweep: its place in the plan, its name, its flags and their arguments.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Configuration {
    pub index: usize,
    pub name: String,
    pub settings: Vec<Setting>,
    /// The arguments passed to `tetra` (sizes expanded: `--interrupt-budget=1024`).
    pub args: Vec<String>,
    /// Every setting is the flag's default (so is a configuration with no settings).
    pub default: bool,
}

impl Configuration {
    /// The value this configuration gives `flag`, if it sets it.
    pub fn value(&self, flag: &str) -> Option<&str> {
        self.settings.iter().find(|s| s.flag == flag).map(|s| s.value.as_str())
    }
}

/// A `tetra` flag as clap knows it.
struct Flag {
    long: String,
    takes_value: bool,
    default: Option<String>,
}

/// Flags a sweep cannot vary: it sets `--stats-json` itself, and the others are not tiering flags.
const RESERVED: [&str; 4] = ["stats-json", "eval", "help", "version"];

fn flag(name: &str) -> Result<Flag, String> {
    let name = name.trim().trim_start_matches("--");
    if RESERVED.contains(&name) {
        return Err(format!("--{name} cannot be varied by a sweep"));
    }
    let command = Args::command();
    let arg = command
        .get_arguments()
        .find(|a| a.get_long() == Some(name))
        .ok_or_else(|| format!("tetra has no flag --{name} (see tetra --help)"))?;
    Ok(Flag {
        long: name.to_string(),
        takes_value: arg.get_action().takes_values(),
        default: arg.get_default_values().first().map(|v| v.to_string_lossy().into_owned()),
    })
}

/// A value as `tetra` takes it: `1K` is 1024, `4M` is 4 MiB; other values are passed as written.
fn expand(value: &str) -> String {
    let suffixed = value.ends_with(|c: char| "kKmMgG".contains(c));
    match parse_size(value) {
        Some(n) if suffixed => n.to_string(),
        _ => value.to_string(),
    }
}

impl Flag {
    /// The argument that sets this flag to `value`; a boolean flag is `on` (present) or `off` (absent).
    fn argument(&self, value: &str) -> Result<Option<String>, String> {
        if self.takes_value {
            if value.is_empty() {
                return Err(format!("--{} needs a value", self.long));
            }
            return Ok(Some(format!("--{}={}", self.long, expand(value))));
        }
        match value {
            "on" => Ok(Some(format!("--{}", self.long))),
            "off" => Ok(None),
            _ => Err(format!("--{} is a boolean flag: its values are on and off, not '{value}'", self.long)),
        }
    }

    fn is_default(&self, value: &str) -> bool {
        if !self.takes_value {
            return value == "off";
        }
        self.default.as_deref().is_some_and(|d| expand(d) == expand(value))
    }
}

fn configuration(index: usize, name: String, settings: Vec<Setting>) -> Result<Configuration, String> {
    let mut args = Vec::new();
    let mut default = true;
    for s in &settings {
        let f = flag(&s.flag)?;
        args.extend(f.argument(&s.value)?);
        default &= f.is_default(&s.value);
    }
    Ok(Configuration { index, name, settings, args, default })
}

/// `FLAG=V1,V2,...` as the name of a flag and its values.
fn axis(spec: &str) -> Result<(String, Vec<String>), String> {
    let (name, values) = spec.split_once('=').ok_or_else(|| format!("--grid '{spec}': expected FLAG=V1,V2,..."))?;
    let name = flag(name)?.long;
    let values: Vec<String> = values.split(',').map(|v| v.trim().to_string()).collect();
    if values.iter().any(String::is_empty) {
        return Err(format!("--grid '{spec}': an empty value"));
    }
    Ok((name, values))
}

/// Every combination of the axes' values (the last axis varies fastest), and the axes' names.
pub fn grid(specs: &[String]) -> Result<(Vec<String>, Vec<Configuration>), String> {
    let axes = specs.iter().map(|s| axis(s)).collect::<Result<Vec<_>, _>>()?;
    for (i, (name, _)) in axes.iter().enumerate() {
        if axes[..i].iter().any(|(n, _)| n == name) {
            return Err(format!("--grid {name} is given twice"));
        }
    }
    let mut combos: Vec<Vec<Setting>> = vec![Vec::new()];
    for (name, values) in &axes {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut c = c.clone();
                    c.push(Setting { flag: name.clone(), value: v.clone() });
                    c
                })
            })
            .collect();
    }
    let configs = combos
        .into_iter()
        .enumerate()
        .map(|(i, settings)| {
            let name = settings.iter().map(|s| format!("{}={}", s.flag, s.value)).collect::<Vec<_>>().join(" ");
            configuration(i, name, settings)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((axes.into_iter().map(|(n, _)| n).collect(), configs))
}

/// `NAME=FLAGS` (flags as on the command line, separated by spaces: `--x=V`, `--x V` or a boolean `--x`).
fn listed(index: usize, spec: &str) -> Result<Configuration, String> {
    let (name, flags) = spec.split_once('=').ok_or_else(|| format!("--config '{spec}': expected NAME=FLAGS"))?;
    let mut settings = Vec::new();
    let mut words = flags.split_whitespace();
    while let Some(word) = words.next() {
        let Some(word) = word.strip_prefix("--") else {
            return Err(format!("--config '{spec}': '{word}' is not a flag"));
        };
        let (f, inline) = match word.split_once('=') {
            Some((f, v)) => (flag(f)?, Some(v.to_string())),
            None => (flag(word)?, None),
        };
        let value = match (f.takes_value, inline) {
            (_, Some(v)) => v,
            (true, None) => {
                words.next().ok_or_else(|| format!("--config '{spec}': --{} needs a value", f.long))?.into()
            }
            (false, None) => "on".into(),
        };
        settings.push(Setting { flag: f.long, value });
    }
    configuration(index, name.trim().to_string(), settings)
}

/// The configurations of `--config` options, in order.
pub fn config_list(specs: &[String]) -> Result<Vec<Configuration>, String> {
    let configs = specs.iter().enumerate().map(|(i, s)| listed(i, s)).collect::<Result<Vec<_>, _>>()?;
    for (i, c) in configs.iter().enumerate() {
        if configs[..i].iter().any(|o| o.name == c.name) {
            return Err(format!("--config {} is given twice", c.name));
        }
    }
    Ok(configs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_is_every_combination_with_sizes_expanded() {
        let (axes, configs) =
            grid(&["interrupt-budget=1K,16K".into(), "no-osr=off,on".into(), "max-tier=baseline,top".into()]).unwrap();
        assert_eq!(axes, ["interrupt-budget", "no-osr", "max-tier"]);
        assert_eq!(configs.len(), 8);
        assert_eq!(configs[0].args, ["--interrupt-budget=1024", "--max-tier=baseline"]);
        assert_eq!(configs[3].args, ["--interrupt-budget=1024", "--no-osr", "--max-tier=top"]);
        assert_eq!(configs[5].name, "interrupt-budget=16K no-osr=off max-tier=top");
        let defaults: Vec<usize> = configs.iter().filter(|c| c.default).map(|c| c.index).collect();
        assert_eq!(defaults, [5]);
        assert_eq!(configs[5].value("no-osr"), Some("off"));
    }

    #[test]
    fn bad_axes_are_refused() {
        assert!(grid(&["no-such-flag=1".into()]).unwrap_err().contains("no flag"));
        assert!(grid(&["no-osr=1,2".into()]).unwrap_err().contains("boolean"));
        assert!(grid(&["stats-json=a".into()]).is_err());
        assert!(grid(&["mid-after=1,,2".into()]).is_err());
        assert!(grid(&["mid-after=1".into(), "mid-after=2".into()]).is_err());
    }

    #[test]
    fn a_config_list_takes_flags_as_written() {
        let configs = config_list(&[
            "default=".into(),
            "nomid=--max-tier=baseline".into(),
            "small=--interrupt-budget 4K --no-osr".into(),
            "same=--mid-after=8".into(),
        ])
        .unwrap();
        assert!(configs[0].default && configs[0].args.is_empty());
        assert_eq!(configs[1].args, ["--max-tier=baseline"]);
        assert!(!configs[1].default);
        assert_eq!(configs[2].args, ["--interrupt-budget=4096", "--no-osr"]);
        assert!(configs[3].default);
        assert!(config_list(&["x=y".into()]).is_err());
        assert!(config_list(&["a=".into(), "a=--no-osr".into()]).is_err());
    }
}
