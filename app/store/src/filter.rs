//! WHERE clauses assembled piece by piece, with their binds numbered from `$1`.

/// Bind values of a query assembled piece by piece.
pub(crate) enum Arg<'a> {
    Text(&'a str),
    Owned(String),
    Int(i64),
}

/// A WHERE clause and its binds, numbered from `$1`.
#[derive(Default)]
pub(crate) struct Filter<'a> {
    pub sql: Vec<String>,
    pub args: Vec<Arg<'a>>,
}

impl<'a> Filter<'a> {
    pub fn equals(&mut self, column: &str, value: &'a str) {
        let n = self.text(value);
        self.sql.push(format!("{column} = {n}"));
    }

    pub fn next(&self) -> String {
        format!("${}", self.args.len() + 1)
    }

    pub fn text(&mut self, value: &'a str) -> String {
        let n = self.next();
        self.args.push(Arg::Text(value));
        n
    }

    pub fn int(&mut self, value: i64) -> String {
        let n = self.next();
        self.args.push(Arg::Int(value));
        n
    }

    pub fn clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.sql.join(" AND "))
        }
    }

    pub fn bind_all<O>(
        self,
        mut query: sqlx::query::QueryAs<'a, sqlx::Any, O, sqlx::any::AnyArguments<'a>>,
    ) -> sqlx::query::QueryAs<'a, sqlx::Any, O, sqlx::any::AnyArguments<'a>> {
        for arg in self.args {
            query = match arg {
                Arg::Text(v) => query.bind(v),
                Arg::Owned(v) => query.bind(v),
                Arg::Int(v) => query.bind(v),
            };
        }
        query
    }
}
