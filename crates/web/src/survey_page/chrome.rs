//! The page's own words (buttons, end labels, notices, error messages), built
//! in for English, French, German, Spanish and Japanese. Any other language
//! gets English chrome around the survey's own texts.

use vocal_app::collect::answers::FormProblem;

/// The message for `error`, in `language` (English when it has no chrome).
pub fn error_text(language: &str, error: FormProblem) -> String {
    let chrome = Chrome::for_language(language);
    match error {
        FormProblem::ScoreMissing => chrome.choose_score.to_owned(),
        FormProblem::Required => chrome.required.to_owned(),
        FormProblem::TooLong { max } => chrome.too_long.replace("{max}", &chrome.number(max)),
        FormProblem::InvalidChoice => chrome.invalid_choice.to_owned(),
    }
}

/// One language's chrome. `{max}` and `{when}` are filled in by the caller.
#[derive(Debug)]
pub(crate) struct Chrome {
    /// The tag these strings are in, for `<html lang>` when the page has no
    /// survey texts of its own.
    pub lang: &'static str,
    pub not_likely: &'static str,
    pub extremely_likely: &'static str,
    pub send: &'static str,
    pub optional: &'static str,
    pub max_chars: &'static str,
    pub score_saved: &'static str,
    pub check_answers: &'static str,
    pub read_only: &'static str,
    pub thank_you: &'static str,
    pub change_answer: &'static str,
    pub can_edit_until: &'static str,
    pub continue_: &'static str,
    pub redirecting: &'static str,
    pub not_found: &'static str,
    pub not_found_detail: &'static str,
    pub expired: &'static str,
    pub expired_detail: &'static str,
    pub too_many: &'static str,
    pub unavailable: &'static str,
    /// Something broke on our side (a 500): nothing the person can fix.
    pub failed: &'static str,
    /// Before the request id on a failure notice, for the person to quote.
    pub reference: &'static str,
    pub already: &'static str,
    pub already_detail: &'static str,
    pub choose_score: &'static str,
    pub required: &'static str,
    pub too_long: &'static str,
    pub invalid_choice: &'static str,
    pub open_in_browser: &'static str,
    /// Thousands separator for character limits.
    group: &'static str,
}

impl Chrome {
    /// The chrome for a language tag: `fr-CA` gets French, `pt` English.
    pub(crate) fn for_language(tag: &str) -> &'static Chrome {
        let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "fr" => &FR,
            "de" => &DE,
            "es" => &ES,
            "ja" => &JA,
            _ => &EN,
        }
    }

    /// `10000` as people of this language write it: 10,000 / 10 000 / 10.000.
    pub(crate) fn number(&self, n: u32) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + 4);
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(self.group);
            }
            out.push(d);
        }
        out
    }

    /// "Up to 10,000 characters".
    pub(crate) fn max_chars_hint(&self, max: u32) -> String {
        self.max_chars.replace("{max}", &self.number(max))
    }
}

static EN: Chrome = Chrome {
    lang: "en",
    not_likely: "Not at all likely",
    extremely_likely: "Extremely likely",
    send: "Send",
    optional: "Optional",
    max_chars: "Up to {max} characters",
    score_saved: "Your score is saved — you can add a comment below.",
    check_answers: "Please check the answers marked below.",
    read_only: "This answer can no longer be changed.",
    thank_you: "Thank you",
    change_answer: "Change my answer",
    can_edit_until: "You can change your answer until {when}.",
    continue_: "Continue",
    redirecting: "You will be taken there in a few seconds.",
    not_found: "We couldn't find this survey",
    not_found_detail: "Please check that the link is complete — some email programs split long links.",
    expired: "This link has expired",
    expired_detail: "Survey links are valid for a limited time only. Thank you for your interest.",
    too_many: "Too many answers from your network — please try again in a minute",
    unavailable: "The survey is temporarily unavailable — please try again shortly",
    failed: "Something went wrong on our side — please try again later",
    reference: "Reference",
    already: "You have already answered this survey",
    already_detail: "Thank you — your answer has been recorded.",
    choose_score: "Please choose a score",
    required: "Please answer this question",
    too_long: "Please shorten your answer to {max} characters",
    invalid_choice: "Please choose one of the options",
    open_in_browser: "Or open the survey in your browser",
    group: ",",
};

static FR: Chrome = Chrome {
    lang: "fr",
    not_likely: "Pas du tout probable",
    extremely_likely: "Extrêmement probable",
    send: "Envoyer",
    optional: "Facultatif",
    max_chars: "{max}\u{a0}caractères maximum",
    score_saved: "Votre note est enregistrée — vous pouvez ajouter un commentaire ci-dessous.",
    check_answers: "Veuillez vérifier les réponses signalées ci-dessous.",
    read_only: "Cette réponse ne peut plus être modifiée.",
    thank_you: "Merci",
    change_answer: "Modifier ma réponse",
    can_edit_until: "Vous pouvez modifier votre réponse jusqu’au {when}.",
    continue_: "Continuer",
    redirecting: "Vous allez y être redirigé dans quelques secondes.",
    not_found: "Nous n’avons pas trouvé cette enquête",
    not_found_detail: "Vérifiez que le lien est complet\u{a0}: certaines messageries coupent les liens longs.",
    expired: "Ce lien a expiré",
    expired_detail: "Les liens d’enquête ne sont valables que pendant une durée limitée. Merci de votre intérêt.",
    too_many: "Trop de réponses depuis votre réseau — veuillez réessayer dans une minute",
    unavailable: "L’enquête est momentanément indisponible — veuillez réessayer dans quelques instants",
    failed: "Une erreur s’est produite de notre côté — veuillez réessayer plus tard",
    reference: "Référence",
    already: "Vous avez déjà répondu à cette enquête",
    already_detail: "Merci, votre réponse a bien été enregistrée.",
    choose_score: "Veuillez choisir une note",
    required: "Veuillez répondre à cette question",
    too_long: "Veuillez raccourcir votre réponse à {max}\u{a0}caractères",
    invalid_choice: "Veuillez choisir l’une des options proposées",
    open_in_browser: "Ou ouvrez l’enquête dans votre navigateur",
    group: "\u{202f}",
};

static DE: Chrome = Chrome {
    lang: "de",
    not_likely: "Überhaupt nicht wahrscheinlich",
    extremely_likely: "Äußerst wahrscheinlich",
    send: "Senden",
    optional: "Optional",
    max_chars: "Bis zu {max} Zeichen",
    score_saved: "Ihre Bewertung ist gespeichert – unten können Sie einen Kommentar hinzufügen.",
    check_answers: "Bitte prüfen Sie die unten markierten Antworten.",
    read_only: "Diese Antwort kann nicht mehr geändert werden.",
    thank_you: "Vielen Dank",
    change_answer: "Meine Antwort ändern",
    can_edit_until: "Sie können Ihre Antwort bis {when} ändern.",
    continue_: "Weiter",
    redirecting: "Sie werden in wenigen Sekunden weitergeleitet.",
    not_found: "Diese Umfrage wurde nicht gefunden",
    not_found_detail: "Bitte prüfen Sie, ob der Link vollständig ist – manche E-Mail-Programme trennen lange Links.",
    expired: "Dieser Link ist abgelaufen",
    expired_detail: "Umfragelinks sind nur begrenzt gültig. Vielen Dank für Ihr Interesse.",
    too_many: "Zu viele Antworten aus Ihrem Netzwerk – bitte versuchen Sie es in einer Minute erneut",
    unavailable: "Die Umfrage ist vorübergehend nicht verfügbar – bitte versuchen Sie es in Kürze erneut",
    failed: "Bei uns ist ein Fehler aufgetreten – bitte versuchen Sie es später erneut",
    reference: "Referenz",
    already: "Sie haben diese Umfrage bereits beantwortet",
    already_detail: "Vielen Dank – Ihre Antwort wurde gespeichert.",
    choose_score: "Bitte wählen Sie eine Bewertung",
    required: "Bitte beantworten Sie diese Frage",
    too_long: "Bitte kürzen Sie Ihre Antwort auf {max} Zeichen",
    invalid_choice: "Bitte wählen Sie eine der Optionen",
    open_in_browser: "Oder öffnen Sie die Umfrage in Ihrem Browser",
    group: ".",
};

static ES: Chrome = Chrome {
    lang: "es",
    not_likely: "Nada probable",
    extremely_likely: "Extremadamente probable",
    send: "Enviar",
    optional: "Opcional",
    max_chars: "Hasta {max} caracteres",
    score_saved: "Su puntuación se ha guardado; puede añadir un comentario a continuación.",
    check_answers: "Revise las respuestas marcadas a continuación.",
    read_only: "Esta respuesta ya no se puede modificar.",
    thank_you: "Gracias",
    change_answer: "Cambiar mi respuesta",
    can_edit_until: "Puede cambiar su respuesta hasta el {when}.",
    continue_: "Continuar",
    redirecting: "Le redirigiremos en unos segundos.",
    not_found: "No hemos encontrado esta encuesta",
    not_found_detail: "Compruebe que el enlace esté completo: algunos programas de correo cortan los enlaces largos.",
    expired: "Este enlace ha caducado",
    expired_detail: "Los enlaces de las encuestas solo son válidos durante un tiempo limitado. Gracias por su interés.",
    too_many: "Demasiadas respuestas desde su red: vuelva a intentarlo dentro de un minuto",
    unavailable: "La encuesta no está disponible temporalmente: vuelva a intentarlo en unos instantes",
    failed: "Se ha producido un error por nuestra parte: vuelva a intentarlo más tarde",
    reference: "Referencia",
    already: "Ya ha respondido a esta encuesta",
    already_detail: "Gracias: su respuesta ha quedado registrada.",
    choose_score: "Elija una puntuación",
    required: "Responda a esta pregunta",
    too_long: "Acorte su respuesta a {max} caracteres",
    invalid_choice: "Elija una de las opciones",
    open_in_browser: "O abra la encuesta en su navegador",
    group: ".",
};

static JA: Chrome = Chrome {
    lang: "ja",
    not_likely: "まったく可能性がない",
    extremely_likely: "非常に可能性が高い",
    send: "送信",
    optional: "任意",
    max_chars: "{max}文字以内",
    score_saved: "スコアを保存しました。下にコメントを追加できます。",
    check_answers: "以下の項目をご確認ください。",
    read_only: "この回答は変更できなくなりました。",
    thank_you: "ありがとうございました",
    change_answer: "回答を変更する",
    can_edit_until: "{when}まで回答を変更できます。",
    continue_: "次へ",
    redirecting: "数秒後に自動的に移動します。",
    not_found: "アンケートが見つかりませんでした",
    not_found_detail: "リンクが途中で切れていないかご確認ください。メールソフトによっては長いリンクが分割されることがあります。",
    expired: "このリンクは有効期限が切れています",
    expired_detail: "アンケートのリンクには有効期限があります。ご関心をお寄せいただき、ありがとうございます。",
    too_many: "お使いのネットワークからの回答が多すぎます。1分ほどしてから、もう一度お試しください",
    unavailable: "アンケートは一時的にご利用いただけません。しばらくしてから、もう一度お試しください",
    failed: "エラーが発生しました。しばらくしてから、もう一度お試しください",
    reference: "参照番号",
    already: "このアンケートには既にご回答いただいています",
    already_detail: "ご回答は記録されています。ありがとうございました。",
    choose_score: "スコアを選択してください",
    required: "この質問にご回答ください",
    too_long: "{max}文字以内で入力してください",
    invalid_choice: "選択肢から1つお選びください",
    open_in_browser: "ブラウザでアンケートを開く",
    group: ",",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_the_local_way() {
        assert_eq!(Chrome::for_language("en").number(10_000), "10,000");
        assert_eq!(Chrome::for_language("fr-CA").number(10_000), "10\u{202f}000");
        assert_eq!(Chrome::for_language("de").number(500), "500");
        assert_eq!(Chrome::for_language("es").number(1_234_567), "1.234.567");
    }

    #[test]
    fn unknown_languages_get_english() {
        assert_eq!(Chrome::for_language("pt-BR").lang, "en");
        assert_eq!(Chrome::for_language("JA").lang, "ja");
        assert_eq!(
            error_text("de", FormProblem::TooLong { max: 2000 }),
            "Bitte kürzen Sie Ihre Antwort auf 2.000 Zeichen"
        );
        assert_eq!(error_text("xx", FormProblem::ScoreMissing), "Please choose a score");
    }
}
