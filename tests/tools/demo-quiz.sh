#!/bin/bash
# demo-quiz.sh BUILD DEMODIR - four weeks of quizzes on the demo list
# (February 2026, after demo-month.sh): import demo-data/quiz.gift, turn
# quizzes on, then each day run the scheduler at 09:05 Berlin, let every
# colleague answer the question mails that came (by reply to the q-
# address, in several client styles) or miss them, and run the sender
# again for the feedback.  The answers are simulated, deterministically
# (RANDOM is seeded): each colleague has a skill of 45..85% right at the
# first try, 20 points more on a repeat (they read the explanation), and
# misses about one question in eight.  Prints one question mail, one
# feedback mail and the cohort's retention line.
set -eu
B=$1
d=$2
conf=$d/stoa.conf
RANDOM=42
run_at() { "$B/stoa-digest" -c "$conf" run --now "$1" >/dev/null; }
stoa() { STOA_NOW=2026-02-01T12:00:00Z "$B/stoa" -c "$conf" "$@"; }

# question text (a unique part) | the right option as the mail shows it
rights=(
"staging TLS certificates|the rotate-certs job in the ops pipeline"
"HTTPS use|443"
"UDP guarantees|False"
"CPU profile|perf record -g"
"Callgrind counts|True"
"readers work|WAL"
"second writer wait|a busy timeout"
"subject line|72 characters"
"one run in five|shared state between tests (temp dirs, ports, clocks)"
"read the tests first|True"
"mentee|every two weeks"
"onboarding checklist|in the wiki under onboarding"
)
declare -A seen
style=0
n=0

# plan FILE... - for each question mail (7bit text, so read raw): the
# recipient, the Reply-To, the right letter, the other letters and the
# question, as "who|reply-to|right|others|question" (one awk for all)
plan() {
	printf '%s\n' "${rights[@]}" | awk -F'|' '
	FNR == NR { part[NR] = $1; right[NR] = $2; n = NR; next }
	FNR == 1 { if (to != "") flush(); who = FILENAME; sub(/\/new\/.*/, "", who);
		sub(/.*\//, "", who); to = ""; q = 0; r = ""; o = ""; text = 0 }
	/^Reply-To: / && to == "" { to = $0; sub(/^Reply-To: */, "", to) }
	/^Content-Type: text\/html/ { text = -1 }
	text >= 0 && q == 0 { for (i = 1; i <= n; i++) if (index($0, part[i])) q = i }
	text >= 0 && /^  [A-Z]\) / { l = substr($0, 3, 1); t = substr($0, 6);
		if (q && t == right[q]) r = l; else o = o l }
	function flush() { if (q && r != "") print who "|" to "|" r "|" o "|" q }
	END { if (to != "") flush() }' - "$@"
}

# body LETTER - the reply as some mail client would write it
body() {
	style=$(((style + 1) % 5))
	case $style in
	0) printf '%s\n' "$1" ;;
	1) printf '%s)\n\nSent from my iPhone\n' "$1" ;;
	2) printf 'Answer: %s\n\nOn Mon, 2 Feb 2026 at 09:05, learn wrote:\n> Reply with the letter of your answer\n' "$1" ;;
	3) printf '(%s)\n\n________________________________\nFrom: learn <learn@learn.example>\nSent: Monday, February 2, 2026 9:05 AM\nSubject: [learn quiz] a question for you\n' "${1,,}" ;;
	4) printf '%s.\n\n-- \nSent from my phone\n' "$1" ;;
	esac
}

# answer WHO TO RIGHT OTHERS QUESTION WHEN - WHO answers, or misses it;
# right with their skill at the first try, 20 points more on a repeat
answer() {
	local who=$1 to=$2 letter=$3 others=$4 key="$1|$5" when=$6 p
	p=${skill[$who]}
	[ -z "${seen[$key]:-}" ] || p=$((p + 20))
	seen[$key]=1
	[ $((RANDOM % 100)) -ge 12 ] || return 0 # missed
	if [ $((RANDOM % 100)) -ge "$p" ]; then  # wrong: another letter
		letter=${others:$((RANDOM % ${#others})):1}
	fi
	n=$((n + 1))
	{
		printf 'From: %s <%s>\n' "${name[$who]}" "$who"
		printf 'Subject: Re: [learn quiz] a question for you\n'
		printf 'Message-ID: <quiz-%d@example.com>\n\n' "$n"
		body "$letter"
	} | STOA_NOW=$when "$B/stoa-hook" -c "$conf" --recipient "$to" --sender "$who" &
	[ $((n % 6)) -ne 0 ] || wait # six hooks at a time, like a busy MTA
}

stoa quiz import learn demo-data/quiz.gift
stoa quiz enable learn >/dev/null
declare -A skill name
i=0
while IFS=, read -r who nm _; do
	i=$((i + 1))
	skill[$who]=$((45 + (i * 37) % 41))
	name[$who]=$nm
done < <(tail -n +2 demo-data/colleagues.csv)
touch -d 2026-01-01 "$d/quiz.stamp" 2>/dev/null || touch "$d/quiz.stamp"
for day in $(seq 0 27); do
	date=$(date -u -d "2026-02-02 + $day days" +%F)
	touch "$d/quiz.stamp.next"
	run_at "${date}T08:05:00Z"
	find "$d/mail" -path '*/new/*' -type f -newer "$d/quiz.stamp" -print0 |
		xargs -0 -r grep -l '^Reply-To: learn+q-' >"$d/quiz.todo" || true
	mv "$d/quiz.stamp.next" "$d/quiz.stamp"
	i=0
	while IFS='|' read -r who to right others q; do
		i=$((i + 1))
		answer "$who" "$to" "$right" "$others" "$q" \
		    "${date}T1$((i % 8)):$((10 + i % 50)):00Z"
	done < <(sort "$d/quiz.todo" | xargs -r bash -c "$(declare -f plan); $(declare -p rights); plan \"\$@\"" plan)
	wait
	run_at "${date}T18:00:00Z"
done

ana=$d/mail/ana.lima@example.com
q=$(grep -l -s '^Reply-To: learn+q-' "$ana"/new/* "$ana"/cur/* | sort | head -n 1)
fb=$(grep -l -s '^Subject: \[learn quiz\] \(Right\|Not quite\)' "$ana"/new/* |
	xargs -r grep -l 'colleagues' | sort | head -n 1 || true)
if [ -n "$q" ]; then
	echo "== one question mail (Ana's first; text part, the HTML has one button per choice)"
	sed -n '/^Subject:/p' "$q"
	"$B/tools/mailcheck" -T "$d/quiz-question.txt" "$q" >/dev/null
	sed -n '1,/^## Reply above/p' "$d/quiz-question.txt"
fi
if [ -n "$fb" ]; then
	echo "== a feedback mail (Ana's first with colleagues to compare)"
	sed -n '/^Subject:/p' "$fb"
	"$B/tools/mailcheck" -T "$d/quiz-feedback.txt" "$fb" >/dev/null
	sed -n '1,/^-- $/p' "$d/quiz-feedback.txt" | sed '$d'
fi
echo "== the cohort's retention (simulated answers)"
sqlite3 "$d/stoa.db" "
WITH a AS (
  SELECT s.result, s.late, (SELECT count(*) FROM quiz_sends p
    WHERE p.member_id = s.member_id AND p.question_id = s.question_id
      AND p.id < s.id AND p.result IN ('correct', 'wrong')) AS prior
  FROM quiz_sends s)
SELECT printf('after 4 weeks: %d learners, %d questions sent, %d answers, '
  || '%d missed; %d%% right at first try (%d), %d%% right on repeat (%d)',
  (SELECT count(DISTINCT member_id) FROM quiz_sends), count(*),
  sum(result IN ('correct', 'wrong')), sum(result = 'missed'),
  round(100.0 * sum(result = 'correct' AND prior = 0)
    / max(1, sum(result IN ('correct', 'wrong') AND prior = 0))),
  sum(result IN ('correct', 'wrong') AND prior = 0),
  round(100.0 * sum(result = 'correct' AND prior > 0)
    / max(1, sum(result IN ('correct', 'wrong') AND prior > 0))),
  sum(result IN ('correct', 'wrong') AND prior > 0))
FROM a;"
