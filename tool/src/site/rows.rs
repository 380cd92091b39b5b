//! Long lists of a page made one row at a time, as the page is rendered, so that a page listing the whole
//! registry (every field on the traceability page, every contract on the Rust page) never holds all its rows at
//! once.
//!
//! The page's data holds a placeholder for such a list (`{"$rows": n}`, or an empty list when there are no
//! rows); the [`Each`] helper, which replaces handlebars' own `each`, renders the rows of a placeholder one by
//! one from the sources set for the page being rendered on this thread ([`with`]). Every other value it
//! iterates exactly as handlebars' `each` does. A template that does anything but `{{#each}}` (or `{{#if}}`,
//! which sees a non-empty list) with such a list finds an object with a `$rows` key instead: in strict mode,
//! a lookup into it fails loudly rather than rendering something wrong.

use std::cell::RefCell;

use handlebars::{
    BlockContext, BlockParams, Context, Handlebars, Helper, HelperDef, HelperResult, Output,
    RenderContext, RenderError, RenderErrorReason, Renderable, to_json,
};
use serde_json::{Map, Value};

/// A list made beforehand, each row copied out as it is rendered.
pub struct Listed(pub Vec<Value>);

impl Rows for Listed {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn row(&self, index: usize) -> Value {
        self.0.get(index).cloned().unwrap_or(Value::Null)
    }
}

/// The key of a placeholder.
const KEY: &str = "$rows";

/// A list whose rows are made on demand.
pub trait Rows {
    fn len(&self) -> usize;
    /// The row at `index` (below [`Rows::len`]).
    fn row(&self, index: usize) -> Value;
}

/// The sources of a page's placeholders, in their order.
pub type Sources = Vec<Box<dyn Rows>>;

thread_local! {
    static SOURCES: RefCell<Sources> = const { RefCell::new(Vec::new()) };
}

/// Runs `render` with `sources` as the rows of the placeholders of the page it renders on this thread.
pub fn with<R>(sources: Vec<Box<dyn Rows>>, render: impl FnOnce() -> R) -> R {
    let previous = SOURCES.with(|s| std::mem::replace(&mut *s.borrow_mut(), sources));
    let result = render();
    SOURCES.with(|s| *s.borrow_mut() = previous);
    result
}

/// Where the rows of `source` go in a page's data: a placeholder that [`Each`] renders row by row, numbered
/// in the order of `sources` (to be given to [`with`]); an empty list when there are no rows.
pub fn placeholder(sources: &mut Vec<Box<dyn Rows>>, source: Box<dyn Rows>) -> Value {
    if source.len() == 0 {
        return Value::Array(Vec::new());
    }
    let mut map = Map::new();
    map.insert(KEY.to_owned(), Value::from(sources.len()));
    sources.push(source);
    Value::Object(map)
}

/// The source number of a placeholder.
fn placeholder_of(value: &Value) -> Option<usize> {
    match value {
        Value::Object(map) if map.len() == 1 => map.get(KEY)?.as_u64().map(|n| n as usize),
        _ => None,
    }
}

/// handlebars' `each`, which also renders the rows of a placeholder.
#[derive(Clone, Copy)]
pub struct Each;

impl HelperDef for Each {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("each", 0))?;
        let Some(template) = h.template() else {
            return Ok(());
        };
        if let Some(source) = placeholder_of(value.value()) {
            return each_row(h, r, ctx, rc, out, source);
        }
        match value.value() {
            Value::Array(list) if !list.is_empty() || h.inverse().is_none() => {
                rc.push_block(create_block(value.context_path(), value.value()));
                let path = value.context_path();
                let len = list.len();
                for (i, v) in list.iter().enumerate() {
                    if let Some(block) = rc.block_mut() {
                        let index = to_json(i);
                        block.set_local_var("first", to_json(i == 0));
                        block.set_local_var("last", to_json(i == len - 1));
                        block.set_local_var("index", index.clone());
                        update_block_context(block, path, i.to_string(), i == 0, v);
                        set_block_param(block, h, path, &index, v)?;
                    }
                    template.render(r, ctx, rc, out)?;
                }
                rc.pop_block();
                Ok(())
            }
            Value::Object(map) if !map.is_empty() || h.inverse().is_none() => {
                rc.push_block(create_block(value.context_path(), value.value()));
                let path = value.context_path();
                let len = map.len();
                for (i, (k, v)) in map.iter().enumerate() {
                    if let Some(block) = rc.block_mut() {
                        let key = to_json(k);
                        block.set_local_var("first", to_json(i == 0));
                        block.set_local_var("last", to_json(i == len - 1));
                        block.set_local_var("key", key.clone());
                        block.set_local_var("index", to_json(i));
                        update_block_context(block, path, k.to_string(), i == 0, v);
                        set_block_param(block, h, path, &key, v)?;
                    }
                    template.render(r, ctx, rc, out)?;
                }
                rc.pop_block();
                Ok(())
            }
            _ => {
                if let Some(inverse) = h.inverse() {
                    inverse.render(r, ctx, rc, out)
                } else if r.strict_mode() {
                    Err(RenderError::strict_error(value.relative_path()))
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// The rows of source `source`, each made, rendered and dropped in turn.
fn each_row<'reg: 'rc, 'rc>(
    h: &Helper<'rc>,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
    source: usize,
) -> HelperResult {
    let Some(template) = h.template() else {
        return Ok(());
    };
    let len = SOURCES.with(|s| s.borrow().get(source).map_or(0, |rows| rows.len()));
    if len == 0 {
        return Err(RenderErrorReason::Other(format!(
            "a list of this page has no rows to render (source {source}); this is a bug of the site builder"
        ))
        .into());
    }
    rc.push_block(BlockContext::new());
    for i in 0..len {
        let row = SOURCES.with(|s| s.borrow().get(source).map(|rows| rows.row(i)));
        let row = row.unwrap_or(Value::Null);
        if let Some(block) = rc.block_mut() {
            let index = to_json(i);
            block.set_local_var("first", to_json(i == 0));
            block.set_local_var("last", to_json(i == len - 1));
            block.set_local_var("index", index.clone());
            set_block_param(block, h, None, &index, &row)?;
            block.set_base_value(row);
        }
        template.render(r, ctx, rc, out)?;
    }
    rc.pop_block();
    Ok(())
}

fn create_block<'rc>(path: Option<&Vec<String>>, value: &Value) -> BlockContext<'rc> {
    let mut block = BlockContext::new();
    match path {
        Some(path) => block.base_path_mut().clone_from(path),
        None => block.set_base_value(value.clone()),
    }
    block
}

fn update_block_context(
    block: &mut BlockContext<'_>,
    base_path: Option<&Vec<String>>,
    relative_path: String,
    is_first: bool,
    value: &Value,
) {
    if let Some(p) = base_path {
        if is_first {
            let mut path = Vec::with_capacity(p.len() + 1);
            path.extend_from_slice(p);
            path.push(relative_path);
            *block.base_path_mut() = path;
        } else if let Some(last) = block.base_path_mut().last_mut() {
            *last = relative_path;
        }
    } else {
        block.set_base_value(value.clone());
    }
}

fn set_block_param<'rc>(
    block: &mut BlockContext<'rc>,
    h: &Helper<'rc>,
    base_path: Option<&Vec<String>>,
    k: &Value,
    v: &Value,
) -> Result<(), RenderError> {
    if let Some(bp_val) = h.block_param() {
        let mut params = BlockParams::new();
        if base_path.is_some() {
            params.add_path(bp_val, Vec::with_capacity(0))?;
        } else {
            params.add_value(bp_val, v.clone())?;
        }
        block.set_block_params(params);
    } else if let Some((bp_val, bp_key)) = h.block_param_pair() {
        let mut params = BlockParams::new();
        if base_path.is_some() {
            params.add_path(bp_val, Vec::with_capacity(0))?;
        } else {
            params.add_value(bp_val, v.clone())?;
        }
        params.add_value(bp_key, k.clone())?;
        block.set_block_params(params);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Numbers(usize);

    impl Rows for Numbers {
        fn len(&self) -> usize {
            self.0
        }

        fn row(&self, index: usize) -> Value {
            json!({"n": index * 10})
        }
    }

    fn handlebars() -> Handlebars<'static> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.register_helper("each", Box::new(Each));
        hb
    }

    #[test]
    fn rows_render_as_the_list_they_stand_for() {
        let template = "{{#each list}}{{@index}}:{{n}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}}|{{../title}}|{{/each}}";
        let mut hb = handlebars();
        hb.register_template_string("t", template).unwrap();
        let mut plain = Handlebars::new();
        plain.set_strict_mode(true);
        plain.register_template_string("t", template).unwrap();
        let eager = json!({"title": "T", "list": [{"n": 0}, {"n": 10}, {"n": 20}]});
        let expected = plain.render("t", &eager).unwrap();
        assert_eq!(hb.render("t", &eager).unwrap(), expected);
        let mut sources: Vec<Box<dyn Rows>> = Vec::new();
        let list = placeholder(&mut sources, Box::new(Numbers(3)));
        let lazy = json!({"title": "T", "list": list});
        let rendered = with(sources, || hb.render("t", &lazy).unwrap());
        assert_eq!(rendered, expected);
    }

    #[test]
    fn the_helper_iterates_everything_as_handlebars_does() {
        let templates = [
            "{{#each this}}{{@key}}={{this}}{{#if @last}}.{{/if}};{{/each}}",
            "{{#each list as |item i|}}{{i}}{{item.a}}{{/each}}",
            "{{#each list as |item|}}{{item.a}}{{/each}}",
            "{{#each missing}}x{{else}}none{{/each}}",
            "{{#each empty}}x{{else}}none{{/each}}",
            "{{#each list}}{{#each ../list}}{{a}}{{/each}}/{{/each}}",
            "{{#each nested.list}}{{a}}{{@index}}{{/each}}",
        ];
        let data = json!({
            "list": [{"a": 1}, {"a": 2}],
            "empty": [],
            "nested": {"list": [{"a": "x"}]},
            "o": {"k": "v"},
        });
        for template in templates {
            let mut ours = handlebars();
            ours.set_strict_mode(false);
            let mut theirs = Handlebars::new();
            ours.register_template_string("t", template).unwrap();
            theirs.register_template_string("t", template).unwrap();
            assert_eq!(
                ours.render("t", &data).unwrap(),
                theirs.render("t", &data).unwrap(),
                "{template}"
            );
        }
        let mut sources: Vec<Box<dyn Rows>> = Vec::new();
        assert_eq!(placeholder(&mut sources, Box::new(Numbers(0))), json!([]));
        assert!(sources.is_empty());
    }
}
