//! Sigma conditions: `and`, `or`, `not`, parentheses, and `1 of` / `all of`
//! over selection names with wildcards or `them`.

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Selection(String),
    Not(Box<Condition>),
    And(Vec<Condition>),
    Or(Vec<Condition>),
    /// `1 of pattern` (`any` true) or `all of pattern`; `them` is `*`.
    Quantified {
        all: bool,
        pattern: String,
    },
}

impl Condition {
    /// Evaluates with `selection` telling whether a named selection holds
    /// and `names` listing every selection of the rule.
    pub fn eval(&self, names: &[String], selection: &mut dyn FnMut(&str) -> bool) -> bool {
        match self {
            Condition::Selection(name) => selection(name),
            Condition::Not(inner) => !inner.eval(names, selection),
            Condition::And(items) => items.iter().all(|c| c.eval(names, selection)),
            Condition::Or(items) => items.iter().any(|c| c.eval(names, selection)),
            Condition::Quantified { all, pattern } => {
                let mut matching = names.iter().filter(|n| glob_name(pattern, n)).peekable();
                if matching.peek().is_none() {
                    return false;
                }
                if *all {
                    matching.all(|n| selection(n))
                } else {
                    matching.any(|n| selection(n))
                }
            }
        }
    }

    /// The selection names the condition refers to, patterns included.
    pub fn references(&self, out: &mut Vec<String>) {
        match self {
            Condition::Selection(name) => out.push(name.clone()),
            Condition::Quantified { pattern, .. } => out.push(pattern.clone()),
            Condition::Not(inner) => inner.references(out),
            Condition::And(items) | Condition::Or(items) => items.iter().for_each(|c| c.references(out)),
        }
    }
}

/// Whether a selection name matches a `1 of` pattern (`*` wildcards;
/// `them` is every selection not starting with `_`).
pub fn glob_name(pattern: &str, name: &str) -> bool {
    if pattern == "them" {
        return !name.starts_with('_');
    }
    fn go(p: &[u8], n: &[u8]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], n) || (!n.is_empty() && go(p, &n[1..])),
            (Some(a), Some(b)) if a == b => go(&p[1..], &n[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), name.as_bytes())
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Of { all: bool },
    Word(String),
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Token::Open);
            }
            ')' => {
                chars.next();
                out.push(Token::Close);
            }
            '|' => return Err("aggregation expressions (`| count()`) are not supported".into()),
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                out.push(match word.to_ascii_lowercase().as_str() {
                    "and" => Token::And,
                    "or" => Token::Or,
                    "not" => Token::Not,
                    "1" | "any" => Token::Of { all: false },
                    "all" => Token::Of { all: true },
                    _ => Token::Word(word),
                });
            }
        }
    }
    Ok(out)
}

/// Parses a condition expression.
pub fn parse(text: &str) -> Result<Condition, String> {
    let tokens = tokens(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let condition = parser.or()?;
    if parser.at != parser.tokens.len() {
        return Err(format!(
            "unexpected {:?} in condition {text:?}",
            parser.tokens[parser.at]
        ));
    }
    Ok(condition)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Condition, String> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Condition::Or(items)
        })
    }

    fn and(&mut self) -> Result<Condition, String> {
        let mut items = vec![self.not()?];
        while self.peek() == Some(&Token::And) {
            self.at += 1;
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Condition::And(items)
        })
    }

    fn not(&mut self) -> Result<Condition, String> {
        if self.peek() == Some(&Token::Not) {
            self.at += 1;
            return Ok(Condition::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Condition, String> {
        let token = self.tokens.get(self.at).cloned().ok_or("condition ends too early")?;
        self.at += 1;
        match token {
            Token::Open => {
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err("unbalanced parenthesis in condition".into());
                }
                self.at += 1;
                Ok(inner)
            }
            Token::Of { all } => match (self.tokens.get(self.at), self.tokens.get(self.at + 1)) {
                (Some(Token::Word(of)), Some(Token::Word(pattern))) if of.eq_ignore_ascii_case("of") => {
                    self.at += 2;
                    Ok(Condition::Quantified {
                        all,
                        pattern: pattern.clone(),
                    })
                }
                _ => Err("`1 of` / `all of` needs a selection pattern or `them`".into()),
            },
            Token::Word(name) => Ok(Condition::Selection(name)),
            other => Err(format!("unexpected {other:?} in condition")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, names: &[&str], truths: &[&str]) -> bool {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        parse(text).unwrap().eval(&names, &mut |n| truths.contains(&n))
    }

    #[test]
    fn boolean_logic_and_precedence() {
        assert!(eval("a and not b", &["a", "b"], &["a"]));
        assert!(!eval("a and not b", &["a", "b"], &["a", "b"]));
        assert!(eval("a or b and c", &["a", "b", "c"], &["a"]), "and binds tighter");
        assert!(!eval("(a or b) and c", &["a", "b", "c"], &["a"]));
        assert!(eval("not (a and b)", &["a", "b"], &["a"]));
    }

    #[test]
    fn quantifiers() {
        let names = ["selection_a", "selection_b", "filter", "_hidden"];
        assert!(eval("1 of selection_*", &names, &["selection_b"]));
        assert!(!eval("all of selection_*", &names, &["selection_b"]));
        assert!(eval(
            "all of selection_* and not filter",
            &names,
            &["selection_a", "selection_b"]
        ));
        assert!(eval("1 of them", &names, &["filter"]));
        assert!(
            !eval("1 of them", &names, &["_hidden"]),
            "them skips names starting with _"
        );
        assert!(!eval("1 of nothing*", &names, &["filter"]));
    }

    #[test]
    fn errors() {
        assert!(parse("a and").is_err());
        assert!(parse("(a or b").is_err());
        assert!(parse("selection | count() > 5").is_err());
        assert!(parse("1 of").is_err());
    }
}
