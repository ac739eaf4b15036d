#!/usr/bin/python3
"""Morphology evaluation (issue 12): the hand-written gender/plural tolerance of
match.c (fa_word_pattern) against hunspell-fr stemming, on every labelled corpus."""
import json,glob,re,subprocess,unicodedata,collections,os
ROOT=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def fold(s):
    s=unicodedata.normalize('NFKD',s); s=''.join(c for c in s if not unicodedata.combining(c)).lower()
    return s.replace('\u2019',"'").replace('œ','oe')
def esc(t): return re.escape(t)
def token_re(t):
    n=len(t)
    if n<3 or not t[-1].isalnum() or t[-1].isdigit(): return esc(t)
    if t.endswith('eux'): return esc(t[:-1])+r'(?:x|ses?)(?:\((?:eu)?se\)|\.se)?'
    if t.endswith('if'): return esc(t[:-1])+r'(?:fs?|ves?)(?:\(ve\)|\.ve)?s?'
    if t.endswith('al'): return esc(t[:-1])+r'(?:l|le|les|ls|ux)(?:\(e\)|\.e)?s?'
    if t.endswith('eur'): return esc(t[:-1])+r'(?:rs?|ses?|rices?)(?:\((?:eu)?se\)|\((?:t)?rice\)|\.se|\.rice)?s?'
    l=t[-1]
    if l in 'nlt': return esc(t)+f'(?:\\({l}?e\\)|[.-]{l}?e|{l}?e)?(?:\\(s\\)|[.-]s|s)?'
    return esc(t)+r'(?:\(e\)|[.-]e|e)?(?:\(s\)|[.-]s|s|x)?'
def word_re(w):
    f=fold(w); return re.compile(r'(?<![a-z0-9])'+token_re(f)+r'(?![a-z0-9])')
# rule words: single tokens only (phrases keep their own tolerance per token)
words=[]
for f in glob.glob(ROOT+'/rules/*.json'):
    if 'schema' in f: continue
    p=json.load(open(f))
    for r in p['rules']:
        if r['category'] in ('identity','contact') or 'words' not in r or r.get('context'): continue
        for w in r['words']:
            if ' ' in w or w.endswith('*') or len(w)<4: continue
            words.append((w,r['category'],r['id']))
items=[]
for lf in glob.glob(ROOT+'/tests/data/**/*.labels.json',recursive=True)+glob.glob(ROOT+'/../shared/corpora/real/*.labels.json'):
    d=json.load(open(lf)); corpus='real' if '/real/' in lf else 'synthetic'
    for it in d['items']:
        if it.get('ignore'): continue
        items.append((corpus,it['text'],set(it['cats']),set(it.get('ok_extra',[]))))
# hunspell stems of every token (original spelling, accents kept)
tok=lambda s: re.findall(r"[^\W\d_]+",s)
vocab=sorted({t.lower() for _,t,_,_ in items for t in tok(t)}|{w.lower() for w,_,_ in words})
out=subprocess.run(['hunspell','-d','fr_FR','-s'],input='\n'.join(vocab),capture_output=True,text=True).stdout
stems=collections.defaultdict(set)
for line in out.splitlines():
    parts=line.split()
    if len(parts)>=2: stems[parts[0]].add(fold(parts[1]))
    elif len(parts)==1: stems[parts[0]].add(fold(parts[0]))
def S(t): t=t.lower(); return stems.get(t) or {fold(t)}
res=collections.Counter()
ex=collections.defaultdict(list)
for corpus,text,cats,ok in items:
    ft=fold(text); toks=tok(text)
    tstems=set().union(*[S(t) for t in toks]) if toks else set()
    for w,cat,rid in words:
        cur=bool(word_re(w).search(ft))
        hun=bool(S(w)&tstems)
        if cur==hun: continue
        good=cat in cats; bad=not good and cat not in ok
        kind=('hun_only' if hun else 'cur_only')+('_TP' if good else '_FP' if bad else '_ok')
        res[(corpus,kind)]+=1
        if len(ex[(corpus,kind)])<6: ex[(corpus,kind)].append(f'{w} -> {text[:50]}')
for k in sorted(res): print(k,res[k],ex[k][:4])
print('words',len(words),'items',len(items))
print('--- pair level (item, category), single-token words only')
agg=collections.Counter()
for corpus,text,cats,ok in items:
    ft=fold(text); toks=tok(text)
    tstems=set().union(*[S(t) for t in toks]) if toks else set()
    cp=set(); hp=set()
    for w,cat,rid in words:
        if word_re(w).search(ft): cp.add(cat)
        if S(w)&tstems: hp.add(cat)
    for name,ps in (('current',cp),('hunspell',hp),('union',cp|hp)):
        for c in ps:
            agg[(corpus,name,'TP' if c in cats else 'FP' if c not in ok else 'ok')]+=1
for k in sorted(agg): print(k,agg[k])
