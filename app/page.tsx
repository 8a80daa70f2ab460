import { HomeForm } from "@/components/home-form";

export default function HomePage() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-md">
        <div className="mb-6 text-center">
          <h1 className="text-3xl font-bold tracking-tight text-slate-900 dark:text-white">Roomchat</h1>
          <p className="mt-2 text-slate-600 dark:text-slate-400">Quick private group chat. No sign-up: make a room and share its link.</p>
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 dark:border-slate-800 dark:bg-slate-900/60">
          <HomeForm />
        </div>
        <p className="mt-6 text-center text-xs text-slate-500 dark:text-slate-400">
          Anyone with the room code can read and write in the room.
        </p>
      </div>
    </main>
  );
}
