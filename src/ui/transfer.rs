//! The Import and Export forms: modals over the Decks screen. Import reads a `.ron` deck or an Anki
//! `.txt` / `.tsv` export named in its path field (typed, or dropped on the window), shows what it
//! would import — the deck, its cards, what is left out, every error at its line and column, an id
//! already in use — and writes it only when asked. Export writes a deck as a `.ron` file.
//!
//! The reading, checking and writing are `deck::import`'s, the same as `talkdeck import` and
//! `talkdeck export` use; this module only draws and keeps the forms' state.

use std::path::{Path, PathBuf};

use eframe::egui::{self, RichText};

use super::i18n::Labels;
use crate::deck::import::{self, ExportProblem, ImportError, Preview};
use crate::deck::{Deck, Library};
use crate::store::Language;

/// The form that is open.
#[derive(Debug)]
pub enum Transfer {
    Import(ImportForm),
    Export(ExportForm),
}

/// What the forms ask of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferInput {
    /// A deck was written to `path`: the library should be loaded again and the deck selected.
    Imported { id: String, path: PathBuf },
    /// The form is done.
    Close,
}

/// The Import form.
#[derive(Debug, Default)]
pub struct ImportForm {
    /// The file to import, as typed or dropped.
    pub path: String,
    /// What the file would import, for the path as it was previewed (boxed: a deck is large).
    pub preview: Option<Box<Preview>>,
    /// Why the file cannot be imported (from the preview, or from the write).
    pub error: Option<ImportError>,
    /// The learner chose to replace their deck with the same id.
    pub replace: bool,
    /// The id and name to import the deck under, when not its own (empty: its own).
    pub id: String,
    pub name: String,
    /// The path, id and name the preview or error is for.
    previewed: (String, String, String),
}

impl ImportForm {
    /// An empty form.
    pub fn new() -> ImportForm {
        ImportForm::default()
    }

    /// A form for `path` (a file dropped on the window), already previewed.
    pub fn for_file(path: &Path, library: &Library, decks_dir: &Path) -> ImportForm {
        let mut form = ImportForm {
            path: path.display().to_string(),
            ..ImportForm::default()
        };
        form.run_preview(library, decks_dir);
        form
    }

    /// Reads and checks the file in the path field. Writes nothing.
    pub fn run_preview(&mut self, library: &Library, decks_dir: &Path) {
        self.preview = None;
        self.error = None;
        self.replace = false;
        self.previewed = (self.path.clone(), self.id.clone(), self.name.clone());
        let path = self.path.trim();
        if path.is_empty() {
            return;
        }
        fn given(text: &str) -> Option<&str> {
            Some(text.trim()).filter(|t| !t.is_empty())
        }
        match import::preview(
            Path::new(path),
            decks_dir,
            library,
            given(&self.id),
            given(&self.name),
        ) {
            Ok(preview) => self.preview = Some(Box::new(preview)),
            Err(error) => self.error = Some(error),
        }
    }

    /// Whether the preview shown is for the path in the field.
    pub fn is_current(&self) -> bool {
        self.previewed == (self.path.clone(), self.id.clone(), self.name.clone())
    }

    /// Whether Import may be pressed: a previewed deck, nothing blocking it.
    pub fn can_import(&self) -> bool {
        self.is_current()
            && self.error.is_none()
            && self
                .preview
                .as_ref()
                .is_some_and(|p| !p.is_blocked(self.replace))
    }

    /// Writes the previewed deck; `None` (with [`ImportForm::error`] set) when it was refused.
    pub fn import(&mut self) -> Option<TransferInput> {
        if !self.can_import() {
            return None;
        }
        let preview = self.preview.as_ref()?;
        match import::write(preview, self.replace) {
            Ok(path) => Some(TransferInput::Imported {
                id: preview.deck.id.clone(),
                path,
            }),
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }
}

/// The Export form.
#[derive(Debug)]
pub struct ExportForm {
    /// The deck to export.
    pub id: String,
    /// Where to write it.
    pub path: String,
    /// The learner chose to overwrite the file there.
    pub overwrite: bool,
    /// What the last export did: the path written, or why not.
    pub result: Option<Result<PathBuf, String>>,
}

impl ExportForm {
    /// A form for the deck `id`, writing to `<home>/<id>.ron` (the current folder when there is no
    /// home folder).
    pub fn new(id: &str) -> ExportForm {
        let folder = directories::BaseDirs::new()
            .map(|dirs| dirs.home_dir().to_path_buf())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        ExportForm {
            id: id.to_owned(),
            path: folder.join(format!("{id}.ron")).display().to_string(),
            overwrite: false,
            result: None,
        }
    }

    /// A file is at the path, and the learner has not chosen to overwrite it.
    fn blocked(&self) -> Option<ExportProblem> {
        match import::export_problem(Path::new(self.path.trim())) {
            Some(ExportProblem::Exists(_)) if self.overwrite => None,
            other => other,
        }
    }

    /// Writes the deck to the path; the outcome is in [`ExportForm::result`].
    pub fn export(&mut self, library: &Library) {
        let path = PathBuf::from(self.path.trim());
        self.result = Some(match library.deck(&self.id) {
            None => Err(format!("no deck with id {:?}", self.id)),
            Some(deck) => match self.blocked() {
                Some(problem) => Err(problem.to_string()),
                None => import::export_to(deck, &path, library.folder_of(&self.id))
                    .map(|()| path.clone())
                    .map_err(|e| format!("{}: cannot write: {e}", path.display())),
            },
        });
    }
}

/// The path of a file dropped on the window in this frame, taken so that it is handled once.
pub fn take_dropped(ctx: &egui::Context) -> Option<PathBuf> {
    ctx.input_mut(|i| {
        let dropped = std::mem::take(&mut i.raw.dropped_files);
        dropped.first().map(|file| file.path().to_path_buf())
    })
}

/// Draws the open form; returns what the app should do.
/// The height of the import preview, in points.
const PREVIEW_HEIGHT: f32 = 280.0;

/// How many of an imported deck's cards the preview lists.
const PREVIEW_CARDS: usize = 8;

pub fn show(
    ctx: &egui::Context,
    state: &mut Transfer,
    library: &Library,
    decks_dir: &Path,
    labels: &Labels,
    language: Language,
) -> Option<TransferInput> {
    match state {
        Transfer::Import(form) => show_import(ctx, form, library, decks_dir, labels, language),
        Transfer::Export(form) => show_export(ctx, form, library, labels, language),
    }
}

/// A deck's name in both languages, the interface's first.
fn both_names(deck: &Deck, language: Language) -> String {
    match (deck.name_zh.is_empty(), language) {
        (true, _) => deck.name.clone(),
        (false, Language::Chinese) => format!("{} · {}", deck.name_zh, deck.name),
        (false, Language::English) => format!("{} · {}", deck.name, deck.name_zh),
    }
}

fn show_import(
    ctx: &egui::Context,
    form: &mut ImportForm,
    library: &Library,
    decks_dir: &Path,
    labels: &Labels,
    language: Language,
) -> Option<TransferInput> {
    if let Some(dropped) = take_dropped(ctx) {
        form.path = dropped.display().to_string();
        form.run_preview(library, decks_dir);
    }
    let mut input = None;
    let modal = egui::Modal::new(egui::Id::unique("transfer-import")).show(ctx, |ui| {
        ui.set_width(560.0);

        ui.heading(labels.import_title);
        ui.label(RichText::new(labels.import_help).weak());
        ui.add_space(4.0);
        let mut preview = false;
        ui.horizontal(|ui| {
            let name = ui.label(RichText::new(labels.import_file).strong());
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut form.path)
                        .hint_text(labels.import_hint)
                        .desired_width(380.0),
                )
                .labelled_by(name.id);
            preview |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            preview |= ui.button(labels.preview).clicked();
            if ui.button(labels.choose_file).clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter(labels.import_filter, &["ron", "txt", "tsv"])
                    .pick_file()
            {
                form.path = path.display().to_string();
                preview = true;
            }
        });
        // Another id or name: for a deck whose id is taken, or an Anki file's deck.
        ui.horizontal(|ui| {
            for (label, text, hint, width) in [
                (
                    labels.import_as_id,
                    &mut form.id,
                    labels.import_as_id_hint,
                    160.0,
                ),
                (
                    labels.import_as_name,
                    &mut form.name,
                    labels.import_as_name_hint,
                    200.0,
                ),
            ] {
                let name = ui.label(label);
                let field = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .hint_text(hint)
                            .desired_width(width),
                    )
                    .labelled_by(name.id);
                preview |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            }
        });
        if preview {
            form.run_preview(library, decks_dir);
        }
        ui.separator();
        // The preview in a space of its own size, so the buttons under it stay where they are.
        egui::ScrollArea::vertical()
            .id_salt("import-preview")
            .max_height(PREVIEW_HEIGHT)
            .min_scrolled_height(PREVIEW_HEIGHT)
            .auto_shrink(false)
            .show(ui, |ui| {
                let error_color = ui.visuals().error_fg_color;
                let warn_color = ui.visuals().warn_fg_color;
                if form.is_current() {
                    if let Some(p) = &form.preview {
                        ui.label(RichText::new(both_names(&p.deck, language)).strong());
                        let cards = super::i18n::counted(
                            labels.n_cards_one,
                            labels.n_cards,
                            p.deck.cards.len(),
                        );
                        ui.label(format!("{} · {}", p.deck.id, cards));
                        ui.label(
                            RichText::new(
                                labels
                                    .import_target
                                    .replace("{path}", &p.target.display().to_string()),
                            )
                            .weak(),
                        );
                        // The first cards, as the deck will have them.
                        for card in p.deck.cards.iter().take(PREVIEW_CARDS) {
                            ui.label(RichText::new(format!("• {} — {}", card.en, card.zh)).small());
                        }
                        if p.deck.cards.len() > PREVIEW_CARDS {
                            ui.label(RichText::new("…").small());
                        }
                        if !p.skipped.is_empty() {
                            ui.label(RichText::new(labels.import_skipped).strong());
                            for note in &p.skipped {
                                ui.label(format!("• {note}"));
                            }
                        }
                        if !p.warnings.is_empty() {
                            ui.label(RichText::new(labels.import_warnings).strong());
                            for warning in &p.warnings {
                                ui.colored_label(warn_color, warning.to_string());
                            }
                        }
                        if let Some(conflict) = &p.conflict {
                            let color = if p.is_blocked(form.replace) {
                                error_color
                            } else {
                                warn_color
                            };
                            ui.colored_label(color, conflict);
                            if p.can_replace() {
                                ui.checkbox(&mut form.replace, labels.replace_my_deck);
                            }
                        }
                    }
                    if let Some(error) = &form.error {
                        ui.label(RichText::new(labels.import_errors).strong());
                        match error {
                            ImportError::Refused(message) => {
                                ui.colored_label(error_color, message);
                            }
                            ImportError::Invalid(errors) => {
                                egui::ScrollArea::vertical()
                                    .max_height(200.0)
                                    .show(ui, |ui| {
                                        for error in errors {
                                            ui.colored_label(error_color, error.to_string());
                                        }
                                    });
                            }
                        }
                    }
                }
            });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let import = ui.add_enabled(form.can_import(), egui::Button::new(labels.import));
            if import.clicked() {
                input = form.import();
            }
            if ui.button(labels.close).clicked() {
                input = Some(TransferInput::Close);
            }
            ui.label(RichText::new(labels.import_drop).small().weak());
        });
    });
    if modal.should_close() && input.is_none() {
        input = Some(TransferInput::Close);
    }
    input
}

fn show_export(
    ctx: &egui::Context,
    form: &mut ExportForm,
    library: &Library,
    labels: &Labels,
    language: Language,
) -> Option<TransferInput> {
    let mut input = None;
    let modal = egui::Modal::new(egui::Id::unique("transfer-export")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading(labels.export_title);
        if let Some(deck) = library.deck(&form.id) {
            ui.label(RichText::new(both_names(deck, language)).strong());
        }
        let mut export = false;
        ui.horizontal(|ui| {
            let name = ui.label(RichText::new(labels.import_file).strong());
            let field = ui
                .add(egui::TextEdit::singleline(&mut form.path).desired_width(440.0))
                .labelled_by(name.id);
            if field.changed() {
                form.result = None;
                form.overwrite = false;
            }
            export |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(labels.choose_file).clicked() {
                let current = PathBuf::from(form.path.trim());
                let mut dialog = rfd::FileDialog::new().set_file_name(format!("{}.ron", form.id));
                if let Some(folder) = current.parent().filter(|f| f.is_dir()) {
                    dialog = dialog.set_directory(folder);
                }
                if let Some(path) = dialog.save_file() {
                    form.path = path.display().to_string();
                    form.result = None;
                    // A file already there is overwritten only when ticked below, as when typed.
                    form.overwrite = false;
                }
            }
        });
        let exists = matches!(
            import::export_problem(Path::new(form.path.trim())),
            Some(ExportProblem::Exists(_))
        );
        if exists && form.result.is_none() {
            ui.checkbox(&mut form.overwrite, labels.overwrite_file);
        }
        match &form.result {
            Some(Ok(path)) => {
                ui.label(
                    labels
                        .exported_to
                        .replace("{path}", &path.display().to_string()),
                );
            }
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            None => {}
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let can = form.blocked().is_none() && !form.path.trim().is_empty();
            if ui
                .add_enabled(can, egui::Button::new(labels.export))
                .clicked()
                || (export && can)
            {
                form.export(library);
            }
            if ui.button(labels.close).clicked() {
                input = Some(TransferInput::Close);
            }
        });
    });
    if modal.should_close() && input.is_none() {
        input = Some(TransferInput::Close);
    }
    input
}
