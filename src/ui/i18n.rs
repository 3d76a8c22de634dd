//! Every label of the interface, in English and Chinese. One table keeps the two in step: a label
//! cannot exist in one language only. The names of ratings, study modes and directions are here
//! too, so every screen says them alike. Nothing here draws.

use crate::deck::Direction;
use crate::srs::Rating;
use crate::store::{Language, Mark, StudyMode};

macro_rules! labels {
    ($($key:ident: $en:literal, $zh:literal;)*) => {
        /// The interface's words in one language.
        #[derive(Debug)]
        pub struct Labels {
            $(pub $key: &'static str,)*
        }

        pub static EN: Labels = Labels { $($key: $en,)* };
        pub static ZH: Labels = Labels { $($key: $zh,)* };

        impl Labels {
            /// Every label, for tests (the font must cover them all).
            pub fn all(&self) -> Vec<&'static str> {
                vec![$(self.$key,)*]
            }
        }
    };
}

labels! {
    nav_home: "Home", "首页";
    nav_logs: "Logs", "日志";
    nav_decks: "Decks", "卡组";
    nav_stats: "Stats", "统计";
    nav_settings: "Settings", "设置";
    language_switch: "中文", "English";
    study_now: "Study now", "开始学习";
    all_decks: "all decks", "所有卡组";
    study: "Study", "学习";
    deck: "Deck", "卡组";
    new: "New", "新卡";
    learning: "Learning", "学习中";
    due: "Due", "待复习";
    due_now: "Due now", "现在待复习";
    new_today: "New today", "今日新卡";
    done_today: "Done today", "今日已学";
    streak: "Streak (days)", "连续学习（天）";
    nothing_due: "Nothing is due right now. Well done!", "现在没有要学的卡片。做得好！";
    decks_failed: "Deck files that could not be loaded: {n}. The other decks work as usual.", "无法加载的卡组文件：{n} 个。其他卡组不受影响。";
    sync_conflicts: "Two versions of a file: a sync tool kept both, because two devices changed it before they synced. talkdeck uses the first of each pair; keep what you want in it and delete the copy.", "同一文件有两个版本：两台设备在同步前都修改了它，同步工具把两份都保留了。talkdeck 使用每对中的第一个文件；把想要的内容留在其中，再删除副本。";
    conflict_copy: "{original}  ←  copy: {copy}", "{original}  ←  副本：{copy}";
    show_errors: "Where and why", "位置和原因";
    dismiss: "Dismiss", "关闭";
    cannot_save: "Your answers cannot be saved here, so studying is off. Stats and decks work as usual.", "这里无法保存你的答题记录，所以暂时不能学习。统计和卡组照常可用。";
    settings_not_saved: "Settings changed here hold until talkdeck closes: they cannot be saved.", "这里更改的设置只在本次运行中有效：无法保存。";
    settings_unreadable: "settings.ron could not be read, so the default settings are in use. Fix the file, or save new settings here (the old file is then kept beside them).", "无法读取 settings.ron，现在使用默认设置。请修改该文件，或在这里保存新设置（旧文件会保留在旁边）。";
    journal_damaged: "Some journal lines could not be read; they are listed in the log.", "部分学习记录无法读取，详见日志。";
    mode: "Mode", "模式";
    mode_flip: "Flip", "翻卡";
    mode_type: "Type", "输入";
    mode_choice: "Choice", "选择";
    mode_listen: "Listen", "听力";
    speak: "🔊 Speak", "🔊 朗读";
    speak_hint: "Read it aloud (R; Ctrl+R while typing)", "朗读（R；输入时按 Ctrl+R）";
    speak_slowly: "🐢 Slowly", "🐢 慢速";
    speak_slowly_hint: "Read it aloud slowly (S)", "慢速朗读（S）";
    speak_reply_hint: "Read this reply aloud", "朗读这句回应";
    shadow: "🎤 Say it", "🎤 跟读";
    shadow_hint: "Record yourself saying it (V), then hear the model and yourself", "录下你说的这句话（V），然后依次播放原声和你的录音";
    recording_now: "Recording… V: stop", "录音中……V：停止";
    your_recording: "▶ Your recording", "▶ 你的录音";
    your_recording_hint: "Play your last recording of this phrase", "播放你上次录的这句话";
    no_recording_yet: "No recording of this phrase yet: press V (Say it) to make one", "这句话还没有录音：按 V（跟读）录一段";
    listen_cue: "Listen, then show the English", "先听，再显示英文";
    listen_again: "🔊 Hear it again (R)", "🔊 再听一遍 (R)";
    listen_slowly: "🐢 Slowly (S)", "🐢 慢速 (S)";
    show_english: "Show the English", "显示英文";
    keys_listen: "R: hear it again · S: slowly · Space or Enter: show · Ctrl+Z: undo · Esc: end", "R：再听一遍 · S：慢速 · 空格或回车：显示 · Ctrl+Z：撤销 · Esc：结束";
    keys_speak: "R: read aloud · S: slowly", "R：朗读 · S：慢速";
    keys_shadow: "V: say it yourself", "V：跟读";
    speech_section: "Speech", "语音";
    speech_engine: "Engine", "语音引擎";
    speech_auto: "Automatic", "自动";
    speech_off: "Off", "关闭";
    speech_custom: "My command", "自定义命令";
    speech_voice: "Voice", "声音";
    speech_default_voice: "English (automatic)", "英语（自动）";
    speech_speed: "Speed", "语速";
    speech_normal: "Normal", "正常";
    speech_slow: "Slow", "慢速";
    speech_auto_play: "Speak the English when it is shown", "显示英文时自动朗读";
    speech_custom_command: "My speech command", "自定义语音命令";
    speech_custom_hint: "{text} the phrase (or it comes on stdin) · {voice} · {rate} words per minute · {wav} a file to write. Never run through a shell.", "{text} 句子（没有时从标准输入读取）· {voice} 声音 · {rate} 每分钟词数 · {wav} 要写入的文件。不经过 shell 运行。";
    speech_player_command: "My player command", "自定义播放命令";
    speech_recorder_command: "My recorder command", "自定义录音命令";
    speech_custom_needed: "Enter a command, or choose another engine.", "请输入命令，或选择其他引擎。";
    speech_tool_hint: "Empty: the system's own. {wav} is the file.", "留空则使用系统自带的。{wav} 是音频文件。";
    speech_test: "Test the voice", "试听";
    speech_using: "Speaking with", "正在使用";
    speech_player: "Player", "播放器";
    speech_recorder: "Recorder", "录音程序";
    speech_none_found: "No speech engine was found, so phrases are not read aloud.", "没有找到语音引擎，所以不会朗读句子。";
    speech_not_found: "{engine} was not found on this computer, so phrases are not read aloud.", "这台电脑上没有找到 {engine}，所以不会朗读句子。";
    speech_no_recorder: "none (shadowing is off)", "无（跟读不可用）";
    speech_no_player: "none (the engine speaks itself)", "无（由语音引擎直接朗读）";
    show_answer: "Show answer", "显示答案";
    again: "Again", "重来";
    hard: "Hard", "困难";
    good: "Good", "良好";
    easy: "Easy", "简单";
    check: "Check", "检查";
    type_hint: "Type the English and press Enter", "输入英文，按回车检查";
    cue_produce: "Say it in English", "用英语怎么说？";
    cue_recognise: "What does this mean?", "这句话是什么意思？";
    cue_reply: "How would you answer?", "你会怎么回答？";
    direction_produce: "Produce", "说出";
    direction_recognise: "Recognise", "理解";
    direction_reply: "Reply", "回应";
    situation: "Situation", "场景";
    replies: "Replies", "回答方式";
    notes: "Notes", "说明";
    also: "Also", "也可以说";
    last_one_again: "The last card for now — once more.", "目前只剩这一张，再来一次。";
    waiting_title: "The next card is ready in {in}", "下一张卡片 {in}后可以学";
    waiting_why: "A card you are learning comes back once at least half its step has passed, so that you meet it again after a real pause.", "正在学习的卡片至少要等过半个学习间隔才会再出现，这样你是真正隔了一会儿再见到它。";
    study_it_now: "Study it now", "现在就学";
    keys_waiting: "Enter: study it now · Ctrl+Z: undo · Esc: end", "回车：现在就学 · Ctrl+Z：撤销 · Esc：结束";
    colon: ": ", "：";
    own_reply: "Your own reply: compare it with the replies below and grade it yourself.", "这是你自己的回答：对照下面的参考回答，自己评分。";
    grade_yourself: "Grade yourself (1–4)", "请自己评分（1–4）";
    choose_meaning: "Typing is for English: choose the meaning.", "输入只用于英文：请选出意思。";
    recall_meaning: "Typing is for English: think of the meaning, then show the answer.", "输入只用于英文：先想出意思，再看答案。";
    right: "Right", "正确";
    almost: "Almost", "差一点";
    nothing_typed: "Nothing typed: Enter again shows the answer.", "还没有输入：再按一次回车显示答案。";
    not_quite: "Not quite", "不太对";
    the_answer: "The answer", "答案";
    suggested: "Suggested", "建议";
    left: "left", "剩余";
    reviewed: "Reviewed", "已复习";
    end_session: "End (Esc)", "结束 (Esc)";
    undo: "Undo (Ctrl+Z)", "撤销 (Ctrl+Z)";
    undone: "Last answer taken back", "已撤销上一个回答";
    keys_flip: "Space or Enter: show · 1–4: grade · Ctrl+Z: undo · Esc: end", "空格或回车：显示 · 1–4：评分 · Ctrl+Z：撤销 · Esc：结束";
    keys_grade: "1–4: grade · Ctrl+Z: undo · Esc: end", "1–4：评分 · Ctrl+Z：撤销 · Esc：结束";
    keys_type: "Enter: check, then Enter again to accept · 1–4: grade · Ctrl+Z: undo · Esc: end", "回车：检查，再按回车确认 · 1–4：评分 · Ctrl+Z：撤销 · Esc：结束";
    keys_choice: "1–4: choose · Enter: next · Ctrl+Z: undo · Esc: end", "1–4：选择 · 回车：下一张 · Ctrl+Z：撤销 · Esc：结束";
    keys_chosen: "Enter: next · Ctrl+Z: undo · Esc: end", "回车：下一张 · Ctrl+Z：撤销 · Esc：结束";
    next: "Next", "下一张";
    save_failed: "Your answer could not be saved; it will be asked again.", "回答未能保存，稍后会再次出现。";
    summary_title: "Session done", "本次学习完成";
    accuracy: "Accuracy", "正确率";
    time_spent: "Time", "用时";
    next_due: "Next cards due", "下次复习时间";
    nothing_scheduled: "Nothing else is scheduled.", "没有其他安排。";
    new_done_today: "Today's new cards are done; {n} more are waiting.", "今天的新卡已学完，还有 {n} 张新卡等着你。";
    new_done_today_one: "Today's new cards are done; 1 more is waiting.", "今天的新卡已学完，还有 1 张新卡等着你。";
    reviews_held: "{n} more reviews are due than today's limit allows.", "到期的卡片比今天的复习上限多 {n} 张。";
    reviews_held_one: "1 more review is due than today's limit allows.", "到期的卡片比今天的复习上限多 1 张。";
    reviews_soon: "{n} reviews fall due in the next 3 days.", "未来 3 天有 {n} 张卡片到期。";
    reviews_soon_one: "1 review falls due in the next 3 days.", "未来 3 天有 1 张卡片到期。";
    next_due_at: "The next card is ready {when} (in {in}).", "下一张卡片 {when} 可以学（{in}后）。";
    study_more_new: "Study {n} more new cards", "再学 {n} 张新卡";
    review_ahead: "Review them now", "现在提前复习";
    limits_in_settings: "The daily limits are in Settings; a deck's own limit is on Decks.", "每日上限在“设置”中修改；单个卡组的上限在“卡组”页面。";
    still_due: "Still due now", "现在仍待学";
    keep_studying: "Keep studying", "继续学习";
    continue_to: "Continue", "继续";
    nothing_to_study_in: "Nothing to study in {deck} right now.", "{deck} 现在没有要学的卡片。";
    back_home: "Back to Home", "返回首页";
    level: "Level", "级别";
    and_above: "and above", "及以上";
    logger: "Logger", "记录器";
    search: "Search", "搜索";
    search_every_deck: "every deck: English, Chinese, situation, #tag", "所有卡组：英文、中文、场景、#标签";
    deck_new_limit: "New cards a day in this deck:", "这个卡组每天的新卡：";
    deck_new_limit_hint: "(blank: the global {n}; the smaller one applies)", "（留空则用全局的 {n}；取两者中较小的）";
    time: "Time", "时间";
    message: "Message", "消息";
    log_file: "Log file", "日志文件";
    record: "record", "条记录";
    records: "records", "条记录";
    no_log_file: "none: it could not be opened, so this run is only on this screen", "无：日志文件无法打开，本次运行的记录只在此页显示";
    no_records: "No records match.", "没有符合条件的记录。";
    library_records: "Libraries", "程序库";
    library_records_hint: "Also show the warnings of the libraries talkdeck uses (winit, egui, …); their errors are always shown.", "也显示 talkdeck 所用程序库（winit、egui 等）的警告；它们的错误总会显示。";
    desired_retention: "Desired retention", "目标记忆保持率";
    new_per_day: "New cards per day", "每日新卡上限";
    reviews_per_day: "Reviews per day", "每日复习上限";
    learning_steps: "Learning steps", "学习步骤";
    relearning_steps: "Relearning steps", "重新学习步骤";
    day_starts_at: "Day starts at (hour)", "每日开始时间（点）";
    default_mode: "Default study mode", "默认学习模式";
    file_log_level: "Log file level", "日志文件级别";
    screen_log_level: "Logs screen level", "日志页面级别";
    theme: "Theme", "主题";
    theme_system: "Follow system", "跟随系统";
    theme_light: "Light", "浅色";
    theme_dark: "Dark", "深色";
    language: "Language", "界面语言";
    saved: "Saved", "已保存";
    not_saved: "Not saved", "未保存";
    bad_retention: "Enter a number from {min} to {max}.", "请输入 {min} 到 {max} 之间的数字。";
    bad_new_limit: "Enter a whole number from {min} to {max}.", "请输入 {min} 到 {max} 之间的整数。";
    bad_review_limit: "Enter a whole number from {min} to {max}.", "请输入 {min} 到 {max} 之间的整数。";
    bad_steps: "Enter durations like 1m 10m (s, m, h or d; from {min} to {max}).", "请输入类似 1m 10m 的时长（s、m、h 或 d，{min} 到 {max}）。";
    bad_hour: "Enter an hour from {min} to {max}.", "请输入 {min} 到 {max} 之间的小时数。";
    this_device: "This device", "本设备";
    other_journals: "Other devices' journals", "其他设备的学习记录";
    data_folder: "Data folder", "数据文件夹";
    retention_30_days: "True retention, 30 days", "真实记忆率（30天）";
    retention_hint: "Reviews remembered (not Again); only a phrase's first review of a day counts", "复习时记住的比例（没按“重来”）；每个短语每天只算第一次复习";
    total_answers: "Answers in all", "累计回答";
    items_started: "Phrases started", "已学短语";
    well_known: "Known well", "已掌握";
    well_known_hint: "In review at intervals of 21 days or more", "复习间隔已达21天或以上";
    recall_now: "You would recall now", "此刻能记起";
    recall_now_hint: "How many phrases FSRS expects you to recall right now: each one's chance, added up", "FSRS 估计你此刻能记起的短语数：每个短语记起的概率之和";
    streak_longest: "longest {n}", "最长 {n} 天";
    minutes: "{n} min", "{n} 分钟";
    every_deck: "All decks", "全部卡组";
    decks_chosen: "{n} decks", "{n} 个卡组";
    range_month: "30 days", "30天";
    range_quarter: "90 days", "90天";
    range_year: "A year", "一年";
    range_all: "All", "全部";
    calendar: "The last year, day by day", "过去一年的每一天";
    answers_on: "{date}: {n} answers", "{date}：{n} 次回答";
    reviews_count: "{n} reviews", "{n} 次复习";
    list_them: "List them", "列出这些";
    answers_count: "{n} answers", "{n} 次回答";
    due_count: "{n} due", "{n} 个到期";
    calendar_day: "{date}: {n} answers, {m} min", "{date}：{n} 次回答，{m} 分钟";
    answers_per_day: "Answers per day", "每日回答";
    show_answers: "Answers", "回答次数";
    show_minutes: "Minutes", "用时（分钟）";
    kind_review: "Review", "复习";
    kind_relearning: "Relearning", "重学";
    due_ahead: "Due ahead", "未来到期";
    overdue: "Overdue", "已逾期";
    overdue_hint: "The first bar: reviews already overdue before today", "第一根柱子：今天之前就已逾期的复习";
    by_state: "Phrases by state", "短语状态";
    young: "Young", "短期";
    young_hint: "In review at intervals under 21 days", "复习间隔不到21天";
    mature: "Mature", "长期";
    true_retention: "True retention", "真实记忆率";
    true_retention_hint: "Of the reviews of phrases you had learned, the share you remembered. Young: reviewed under 21 days after the answer before; mature: 21 days or more.", "已学会的短语在复习时记住的比例。短期：距上次回答不到21天；长期：21天或以上。";
    period_today: "Today", "今天";
    period_yesterday: "Yesterday", "昨天";
    period_week: "Last 7 days", "最近7天";
    period_month: "Last 30 days", "最近30天";
    period_year: "Last year", "最近一年";
    all_reviews: "All", "全部";
    answer_buttons: "Answer buttons", "评分按钮";
    remembered_share: "remembered", "记住";
    by_hour: "Time of day", "学习时段";
    hour_of_day: "hour", "时";
    memory_model: "Memory (FSRS)", "记忆模型（FSRS）";
    difficulty: "Difficulty", "难度";
    stability: "Stability, days", "稳定性（天）";
    recall_chance: "Chance of recall now", "此刻记起的概率";
    per_deck: "By deck", "各卡组";
    cards: "Cards", "卡片";
    seen: "Seen", "已学";
    due_today: "Due today", "今日到期";
    due_tomorrow: "Tomorrow", "明日到期";
    picked: "{n} phrases", "{n} 个短语";
    study_these: "Study these now", "现在学习这些";
    study_these_hint: "A session over exactly these phrases, outside today's limits", "只学这些短语，不占今天的额度";
    click_to_list: "Click a bar or a number to list its phrases.", "点击柱子或数字，可列出对应的短语。";
    stats_empty: "Your progress shows here once you have answered a few phrases.", "答过几个短语后，你的进度会显示在这里。";
    working_out: "Working out the figures…", "正在计算…";
    memory_model_title: "Your memory model", "你的记忆模型";
    memory_model_explain: "FSRS predicts when you would forget each phrase. Fitted to your own answers, it predicts you better; talkdeck fits it by itself after every 1,000 new answers, and keeps the result only when it predicts your answers better than the model in use.", "FSRS 会预测你什么时候会忘记每个短语。用你自己的答题记录来拟合，预测会更准；talkdeck 每新增 1000 次回答会自动拟合一次，只有比当前模型预测得更准时才采用。";
    parameters_default: "In use: FSRS's default parameters.", "当前使用：FSRS 默认参数。";
    parameters_fitted: "In use: fitted to {n} of your answers, those given a day or more after a phrase's previous one (log loss {loss}, RMSE {rmse}%).", "当前使用：根据你的 {n} 次回答拟合，即与同一短语上次回答相隔一天以上的回答（对数损失 {loss}，RMSE {rmse}%）。";
    fit_now: "Fit to my answers", "用我的答题记录拟合";
    log_loss: "Log loss", "对数损失";
    parameters_before: "In use before", "之前使用的";
    parameters_now: "Fitted now", "刚拟合的";
    fit_kept: "Kept: the fitted model predicts your answers better, and every phrase is rescheduled under it.", "已采用：新模型对你的回答预测得更准，所有短语已按它重新安排。";
    due_after_fit: "Due now under it: {after} (was {before}).", "按新模型，现在到期：{after} 个（之前 {before} 个）。";
    refitted: "Your memory model was fitted to your answers and every phrase rescheduled. {due}", "已根据你的答题记录拟合记忆模型，所有短语已重新安排。{due}";
    recommend_title: "The retention to aim for", "建议的目标记忆率";
    recommend_explain: "FSRS's simulator finds the desired retention that gets you the most phrases remembered for each minute of study, over a year with your phrases, your daily new phrases and your own answer times.", "FSRS 的模拟器会根据你的短语数、每日新卡数和你自己的答题用时，模拟一年的学习，找出每分钟学习能记住最多短语的目标记忆率。";
    recommend_now: "Recommend a retention", "推荐目标记忆率";
    recommended: "Recommended: {r} — about {min} minutes a day, {n} phrases remembered after a year.", "推荐：{r}——每天约 {min} 分钟，一年后能记住 {n} 个短语。";
    at_yours: "At {r} (yours when asked): about {min} minutes a day, {n} remembered.", "按 {r}（推荐时你的设置）：每天约 {min} 分钟，能记住 {n} 个。";
    recommend_defaults: "This uses FSRS's average learner; once your memory model is fitted, the recommendation fits you.", "这是按 FSRS 的平均学习者算的；拟合你的记忆模型后，推荐会更贴合你。";
    use_retention: "Use {r}", "使用 {r}";
    fit_not_kept: "Not kept: the model in use predicts your answers as well or better.", "未采用：当前模型预测得一样好或更好。";
    fit_too_few: "Not enough answers yet: fitting needs {needed} answers given a day or more after a phrase's previous one, and {n} of yours count so far.", "回答还不够：拟合需要 {needed} 次与上次回答相隔一天以上的回答，目前你有 {n} 次。";
    fit_cancelled: "Fitting was stopped.", "拟合已停止。";
    backlog_title: "Welcome back! {n} reviews became overdue while you were away — more than a day's worth (about {d} fall due on an ordinary day).", "欢迎回来！你不在的时候有 {n} 个复习逾期了——超过一天的量（平常每天约有 {d} 个到期）。";
    backlog_title_plain: "Welcome back! {n} reviews became overdue while you were away.", "欢迎回来！你不在的时候有 {n} 个复习逾期了。";
    backlog_explain: "You can spread them over a few days, the ones you are most likely to have forgotten first:", "可以把它们分到几天里复习，最可能忘了的先复习：";
    spread_over: "Over {days} days", "分 {days} 天";
    spread_means: "{per_day} a day from today, {days} days in all (the last day {last}), on top of about {d} that fall due each day", "从今天起每天 {per_day} 个，共 {days} 天（最后一天 {last} 个），另外每天还有约 {d} 个新到期";
    spread_means_plain: "{per_day} a day from today, {days} days in all (the last day {last})", "从今天起每天 {per_day} 个，共 {days} 天（最后一天 {last} 个）";
    spread_done: "{n} overdue reviews spread over {days} days: {per_day} of them today, the ones you were most likely to have forgotten.", "已把 {n} 个逾期复习分到 {days} 天：今天 {per_day} 个，都是你最可能忘了的。";
    all_today: "All today", "今天全部复习";
    all_today_means: "Keep them all due now; this offer comes back tomorrow if they are still waiting.", "全部保留到今天；如果明天还有积压，会再次提示。";
    remembered: "Remembered", "记得";
    days_ago: "days ago", "天前";
    days_from_now: "days from now", "天后";
    keeps_failing: "Phrases that keep failing", "总是出错的短语";
    nothing_failing: "Nothing keeps failing yet.", "目前没有反复出错的短语。";
    phrase: "Phrase", "短语";
    asked_as: "Asked as", "题型";
    built_in: "Built-in", "内置";
    deck_not_loaded: "Not loaded:", "未加载：";
    no_cards_match: "No cards match.", "没有符合条件的卡片。";
    in_days: "in {n}d", "{n} 天后";
    lapses: "Forgotten", "遗忘次数";
    leech: "Leech", "顽固卡";
    leech_hint: "Forgotten many times in review: rewrite it, add a note, or split it.", "复习时已经忘了很多次：不妨改写它、加个提示，或拆成两张。";
    // The deck editor.
    back_to_decks: "← Back", "← 返回";
    save: "Save", "保存";
    fix_problems_to_save: "Fix the problems shown in red to save.", "先改正红色标出的问题才能保存。";
    nothing_to_save: "Nothing has changed.", "没有改动。";
    problems_to_fix: "{n} to fix", "还有 {n} 处要改";
    unsaved_changes: "Unsaved changes", "有未保存的改动";
    deck_details: "Deck details", "卡组信息";
    deck_name: "Name", "名称";
    deck_name_zh: "Chinese name", "中文名称";
    description: "Description", "简介";
    description_zh: "Description in Chinese", "中文简介";
    deck_id: "Id (also the file name)", "Id · 也是文件名";
    deck_id_hint: "Letters a–z, digits, - and _. Progress is kept by id, so it cannot change once saved.", "只能用小写字母、数字、- 和 _。学习进度按 id 记录，保存后不能再改。";
    add_phrase: "＋ Add phrase", "＋ 添加短语";
    add_phrase_hint: "Add a phrase to one of your decks (Ctrl+N)", "把一个短语加到你的卡组里（Ctrl+N）";
    add_phrase_title: "Add a phrase", "添加短语";
    more_fields: "More: situation, replies, other ways to say it, notes, tags", "更多：场景、回答、其他说法、备注、标签";
    phrase_added: "Added “{phrase}” ({n} added so far). Type the next one, or close.", "已添加“{phrase}”（已添加 {n} 个）。接着输入下一个，或者关闭。";
    add: "Add", "添加";
    close: "Close", "关闭";
    enter_adds: "Enter adds the phrase", "按 Enter 添加";
    nav_editor: "Editor", "编辑";
    save_changes_title: "Save your changes to {deck}?", "保存对“{deck}”的改动吗？";
    save_changes_body: "You have changes that are not saved yet.", "你有还没保存的改动。";
    save_changes_quit: "You have changes that are not saved yet. talkdeck closes after you choose.", "你有还没保存的改动。选好之后 talkdeck 就会关闭。";
    discard: "Discard", "不保存";
    stay: "Stay", "留下";
    new_deck: "New deck…", "新建卡组…";
    create_deck: "Create and add phrases", "创建并添加短语";
    edit_deck: "Edit deck", "编辑卡组";
    edit: "Edit", "编辑";
    hidden_from_study: "hidden from study", "学习时隐藏";
    last_good_version: "file broken: the last good version", "文件出错：这是上一个正确的版本";
    draft_found: "Unsaved changes to {deck}, from {when}, were kept when talkdeck stopped.", "talkdeck 上次停止时，保留了对“{deck}”的未保存改动（{when}）。";
    restore: "Restore", "恢复";
    save_editor_first: "{deck} has unsaved changes in the editor: save or discard them first.", "{deck} 在编辑器里有未保存的改动：请先保存或放弃。";
    show_cards: "Show:", "显示：";
    filter_all: "All", "全部";
    suspended: "Suspended", "已暂停";
    buried: "Buried today", "今天跳过";
    flagged: "Flagged", "已标记";
    leeches: "Leeches", "顽固卡";
    choose_card: "Choose this card, to act on several at once", "选中这张卡片，以便一次处理多张";
    n_chosen: "{n} chosen:", "已选 {n} 张：";
    choose_cards_hint: "Tick cards to suspend, flag, move or delete several at once.", "勾选卡片，可以一次暂停、标记、移动或删除多张。";
    unsuspend: "Unsuspend", "取消暂停";
    unbury: "Unbury", "取消跳过";
    move_to: "Move to", "移到";
    only_own_decks: "Only cards of your own decks can be moved or deleted", "只有你自己卡组里的卡片才能移动或删除";
    delete: "Delete", "删除";
    clear_choice: "Clear", "清除选择";
    delete_cards_title: "Delete {cards}?", "删除 {cards}？";
    done_marked: "{what}: {cards}.", "{what}：{cards}。";
    done_moved: "Moved {cards} to {deck}; the progress came along.", "已把 {cards} 移到“{deck}”，学习进度也一起移过去了。";
    done_deleted: "Deleted {cards}; their answers stay in the journal.", "已删除 {cards}；答题记录仍保留在学习记录里。";
    done_copied: "Copied to {deck}: yours to edit.", "已复制为“{deck}”，可以编辑了。";
    done_hidden: "{deck} is hidden from study.", "学习时不再出现“{deck}”。";
    done_shown: "{deck} is back in study.", "“{deck}”重新回到学习中。";
    done_imported: "Imported {deck}.", "已导入“{deck}”。";
    delete_cards_body: "The cards leave their decks at once. Their answers stay in the journal, so adding a card back with the same id brings its progress back. The previous version of each deck file is kept as a .bak copy.", "它们会马上从卡组里删除。答题记录仍保留在学习记录里，以后用同一个 id 加回来，进度也会回来。每个卡组文件的上一版会留一个 .bak 备份。";
    copy_deck: "Copy to my decks", "复制到我的卡组";
    copy_deck_hint: "Built-in decks cannot be changed; a copy of your own can", "内置卡组不能修改；复制一份到你自己的卡组就可以改了";
    copy_deck_body: "The copy is a deck file of your own, which you can edit.", "复制出来的是你自己的卡组文件，可以随意编辑。";
    carry_progress: "Carry my progress over to the copy", "把学习进度转到副本上";
    carry_progress_hint: "Every card keeps where it stands, and the built-in deck is hidden from study (show it again on this screen).", "每张卡片都保留现在的进度，内置卡组在学习时会被隐藏（可以在这个页面重新显示）。";
    show_in_study: "Show in study", "学习时显示";
    show_in_study_hint: "Study this deck again with the others", "重新和其他卡组一起学习这个卡组";
    hide_from_study: "Hide from study", "学习时隐藏";
    hide_from_study_hint: "Leave this deck out of study until you show it again; its progress is kept", "学习时不再出现这个卡组，直到你重新显示它；进度会保留";
    suspend: "Suspend", "暂停";
    suspend_hint: "Never show this again until you unsuspend it on the Decks screen (Ctrl+Z takes it back)", "在“卡组”页面取消暂停之前不再出现（Ctrl+Z 可撤销）";
    bury: "Bury", "今天跳过";
    bury_hint: "Not again today; back tomorrow (Ctrl+Z takes it back)", "今天不再出现，明天回来（Ctrl+Z 可撤销）";
    flag: "Flag", "标记";
    no_flag: "No flag", "取消标记";
    flag_red: "Red", "红色";
    flag_orange: "Orange", "橙色";
    flag_green: "Green", "绿色";
    flag_blue: "Blue", "蓝色";
    flag_pink: "Pink", "粉色";
    flag_turquoise: "Turquoise", "青色";
    flag_purple: "Purple", "紫色";
    every_direction: "every direction", "所有方向";
    every_direction_hint: "Suspend, bury or flag every way this card is asked (say it, understand it, reply to it), not only this one", "暂停、跳过或标记这张卡片的所有问法（说出、理解、回应），而不只是当前这一种";
    marked_suspended: "Suspended. Ctrl+Z takes it back.", "已暂停。按 Ctrl+Z 撤销。";
    marked_unsuspended: "Unsuspended.", "已取消暂停。";
    marked_buried: "Buried until tomorrow. Ctrl+Z takes it back.", "今天跳过，明天再见。按 Ctrl+Z 撤销。";
    marked_unburied: "Unburied.", "已取消跳过。";
    marked_flag: "Flag: {flag}.", "标记：{flag}。";
    flag_cleared: "Flag cleared.", "已取消标记。";
    undone_mark: "Undone: {what}", "已撤销：{what}";
    edit_card_hint: "Edit this card; you come back here after", "编辑这张卡片，改完回到这里";
    empty_card: "(empty)", "（空）";
    no_card_open: "Pick a card on the left, or add one.", "在左边选一张卡片，或者添加一张。";
    field_en: "English", "英语";
    field_zh: "Chinese", "中文";
    field_situation: "Situation", "场景";
    field_replies: "Replies (one per line)", "回答 · 每行一个";
    field_also: "Other ways to say it (one per line)", "其他说法 · 每行一个";
    field_notes: "Notes", "备注";
    field_tags: "Tags (separated by spaces)", "标签 · 用空格隔开";
    field_audio: "Recording of the English (an .mp3, .ogg or .wav file beside the deck; optional)", "英文录音（卡组文件旁的 .mp3、.ogg 或 .wav 文件；可选）";
    card_id: "Id:", "编号：";
    card_id_hint: "Progress is kept by this id: rewording the card keeps it.", "学习进度按这个 id 记录：改写卡片内容不会丢失进度。";
    delete_card: "Delete card", "删除卡片";
    delete_card_title: "Delete “{card}”?", "删除“{card}”？";
    delete_card_body: "The card leaves the deck when you save. Its answers stay in the journal, so adding it back with the same id brings its progress back.", "保存后这张卡片会从卡组里删除。它的答题记录仍保留在学习记录里，以后用同一个 id 加回来，进度也会回来。";
    template_help: "Choices: write {a|b|c} in the English, e.g. Good {morning|evening}!, and a group with as many choices, in the same order, in the Chinese. Each choice is a variant of the card.", "可替换部分：在英语里写 {a|b|c}，中文里写同样多的组，例如 Good {morning|evening}! — {早上|晚上}好！ 每个选项都是这张卡片的一种说法。";
    variants_list: "{n} variants:", "共 {n} 种说法：";
    cancel: "Cancel", "取消";
    comments_title: "Comments inside the deck will be lost", "卡组里的注释会丢失";
    comments_body: "This file has {n} comments inside the deck. Saving writes the deck in talkdeck's layout, which keeps the comments at the top of the file but not those inside. The current file is kept as a .bak copy beside it.", "这个文件的卡组内部有 {n} 处注释。保存时会按 talkdeck 的格式重写卡组：文件开头的注释会保留，内部的注释不会。当前文件会在旁边留一个 .bak 备份。";
    save_anyway: "Save anyway", "仍然保存";
    changed_on_disk_title: "The file changed on disk", "文件在磁盘上被改动了";
    changed_on_disk_body: "{file} was changed outside talkdeck since you opened it (in another editor, or by a sync tool). Overwrite it with your version? The version on disk is kept as a .bak copy.", "自从你打开 {file} 以来，它在 talkdeck 之外被改动过（在别的编辑器里，或被同步工具）。要用你的版本覆盖它吗？磁盘上的版本会留一个 .bak 备份。";
    overwrite: "Overwrite", "覆盖";
    import_deck: "Import…", "导入…";
    export_deck: "Export…", "导出…";
    import_title: "Import a deck", "导入卡组";
    import_help: "A talkdeck deck (.ron) or an Anki export (Notes in Plain Text, .txt or .tsv). Nothing is written until you press Import.", "talkdeck 卡组文件（.ron），或 Anki 导出的纯文本笔记（.txt 或 .tsv）。按下“导入”之前不会写入任何文件。";
    import_file: "File", "文件";
    import_hint: "Path of the file, or drop it on the window", "文件路径，或把文件拖到窗口里";
    preview: "Preview", "预览";
    choose_file: "Choose…", "选择…";
    import_filter: "Decks and Anki exports", "卡组和 Anki 导出文件";
    import: "Import", "导入";
    import_as_id: "As id", "另存 id";
    import_as_id_hint: "its own", "用原来的";
    import_as_name: "name", "名称";
    import_as_name_hint: "its own", "用原来的名称";
    n_cards: "{n} cards", "{n} 张卡片";
    n_cards_one: "1 card", "1 张卡片";
    n_items: "{n} items", "{n} 个学习项";
    n_items_one: "1 item", "1 个学习项";
    n_variants: "{n} variants", "{n} 种说法";
    n_variants_one: "1 variant", "1 种说法";
    import_target: "Will be saved as {path}", "将保存为 {path}";
    import_skipped: "Left out", "不会导入的内容";
    import_warnings: "Worth a look (they do not stop the import)", "值得检查（不影响导入）";
    import_errors: "This file cannot be imported:", "这个文件无法导入：";
    replace_my_deck: "Replace my deck", "替换我的卡组";
    import_drop: "Enter previews · you can drop a file on the window", "回车预览 · 也可以把文件拖到窗口里";
    export_title: "Export a deck", "导出卡组";
    export: "Export", "导出";
    overwrite_file: "Overwrite the file that is there", "覆盖已有的文件";
    exported_to: "Exported to {path}", "已导出到 {path}";
}

impl Labels {
    /// A rating's name: the grade buttons, the suggested rating.
    pub fn rating(&self, rating: Rating) -> &'static str {
        match rating {
            Rating::Again => self.again,
            Rating::Hard => self.hard,
            Rating::Good => self.good,
            Rating::Easy => self.easy,
        }
    }

    /// A study mode's name: Home's mode buttons, Settings, the Study screen's header.
    pub fn mode(&self, mode: StudyMode) -> &'static str {
        match mode {
            StudyMode::Flip => self.mode_flip,
            StudyMode::Type => self.mode_type,
            StudyMode::Choice => self.mode_choice,
            StudyMode::Listen => self.mode_listen,
        }
    }

    /// A mark's name: the Study screen's notices, the Decks screen's buttons and messages.
    pub fn mark(&self, mark: Mark) -> String {
        match mark {
            Mark::Suspend => self.suspend.to_owned(),
            Mark::Unsuspend => self.unsuspend.to_owned(),
            Mark::Bury => self.bury.to_owned(),
            Mark::Unbury => self.unbury.to_owned(),
            Mark::Flag(0) => self.no_flag.to_owned(),
            Mark::Flag(flag) => format!("⚑ {}", self.flag_name(flag)),
        }
    }

    /// A flag's name, 1 to 7 (Anki's colours); "No flag" for 0.
    pub fn flag_name(&self, flag: u8) -> &'static str {
        let names = [
            self.flag_red,
            self.flag_orange,
            self.flag_green,
            self.flag_blue,
            self.flag_pink,
            self.flag_turquoise,
            self.flag_purple,
        ];
        names
            .get(usize::from(flag).wrapping_sub(1))
            .copied()
            .unwrap_or(self.no_flag)
    }

    /// How an item is asked: the Study screen's header, the phrases that keep failing on Stats.
    pub fn direction(&self, direction: Direction) -> &'static str {
        match direction {
            Direction::Produce => self.direction_produce,
            Direction::Recognise => self.direction_recognise,
            Direction::Reply => self.direction_reply,
        }
    }
}

/// An interval as the grade buttons show it: `<1m`, `10m`, `3d`, `2.1mo` in English, and
/// `<1分钟`, `10分钟`, `3天`, `2.1个月` in Chinese.
pub fn interval_text(seconds: i64, language: Language) -> String {
    let label = crate::srs::interval_label(seconds);
    match language {
        Language::English => label,
        Language::Chinese => {
            let split = label
                .find(|c: char| c.is_ascii_alphabetic())
                .unwrap_or(label.len());
            let (number, unit) = label.split_at(split);
            let unit = match unit {
                "s" => "秒",
                "m" => "分钟",
                "h" => "小时",
                "d" => "天",
                "mo" => "个月",
                "y" => "年",
                other => other,
            };
            format!("{number}{unit}")
        }
    }
}

/// `many` with its `{n}` filled, or `one` when there is one (English has a singular; Chinese says
/// both alike).
pub fn counted(one: &str, many: &str, n: usize) -> String {
    if n == 1 {
        one.to_owned()
    } else {
        many.replace("{n}", &n.to_string())
    }
}

/// The labels for a language.
pub fn labels(language: Language) -> &'static Labels {
    match language {
        Language::English => &EN,
        Language::Chinese => &ZH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_in_the_interface_language() {
        for (seconds, en, zh) in [
            (30, "<1m", "<1分钟"),
            (600, "10m", "10分钟"),
            (3 * 3600, "3h", "3小时"),
            (10 * 86_400, "10d", "10天"),
            (63 * 86_400, "2.1mo", "2.1个月"),
            (548 * 86_400, "1.5y", "1.5年"),
        ] {
            assert_eq!(interval_text(seconds, Language::English), en);
            assert_eq!(interval_text(seconds, Language::Chinese), zh);
        }
    }

    #[test]
    fn every_rating_mode_and_direction_has_a_name_of_its_own_in_each_language() {
        for labels in [&EN, &ZH] {
            let mut names: Vec<&str> = Rating::ALL.map(|r| labels.rating(r)).to_vec();
            names.extend(StudyMode::ALL.map(|m| labels.mode(m)));
            names.extend(Direction::ALL.map(|d| labels.direction(d)));
            let distinct: std::collections::HashSet<&str> = names.iter().copied().collect();
            assert_eq!(distinct.len(), names.len(), "{names:?}");
        }
        assert_eq!(EN.rating(Rating::Good), "Good");
        assert_eq!(ZH.mode(StudyMode::Choice), "选择");
        assert_eq!(ZH.direction(Direction::Reply), "回应");
    }

    #[test]
    fn every_label_exists_in_both_languages_and_differs() {
        let (en, zh) = (EN.all(), ZH.all());
        assert_eq!(en.len(), zh.len());
        for (e, z) in en.iter().zip(&zh) {
            assert!(!e.is_empty() && !z.is_empty());
            assert!(!e.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) || *e == "中文");
            assert!(!z.is_ascii() || *z == "English", "{z:?} is not translated");
        }
    }
}
